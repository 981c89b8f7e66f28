package io.lrlab.worker;

import io.lrlab.experiment.ExperimentRepository;
import io.lrlab.experiment.ExperimentStatus;
import io.lrlab.training.EpochMetrics;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * What an operator graphs (exposed at /actuator/prometheus): queue depth and running experiments from the database
 * (so every node reports the cluster's figures), and from this process's worker the experiments it finished by
 * status, epoch durations and the training speed of its current run.
 */
@Component
public class ExperimentMeters {

    private final MeterRegistry registry;
    private final Timer epochDuration;
    private final AtomicReference<Double> imagesPerSecond = new AtomicReference<>(0.0);

    /** The query an autoscaler runs too (deploy/kubernetes/keda): one row a trigger keeps, not a count of the queue. */
    static final String QUEUE_DEPTH_SQL = "db/queue-depth.sql";

    ExperimentMeters(MeterRegistry registry, ExperimentRepository experiments, JdbcTemplate jdbc) throws IOException {
        this.registry = registry;
        String queueDepth = new ClassPathResource(QUEUE_DEPTH_SQL).getContentAsString(StandardCharsets.UTF_8).strip();
        Gauge.builder("lrlab.queue.depth", jdbc, j -> j.queryForObject(queueDepth, Long.class))
                .description("experiments waiting in the queue").register(registry);
        Gauge.builder("lrlab.experiments.running", experiments, r -> r.countByStatus(ExperimentStatus.RUNNING))
                .description("experiments being trained by any worker").register(registry);
        Gauge.builder("lrlab.training.images.per.second", imagesPerSecond, AtomicReference::get)
                .description("training speed of this worker's current experiment (0 when idle)").register(registry);
        this.epochDuration = Timer.builder("lrlab.epoch.duration").description("wall time of one epoch, training and evaluation")
                .register(registry);
    }

    public void epochFinished(EpochMetrics metrics) {
        epochDuration.record(Duration.ofNanos((long) (metrics.seconds() * 1e9)));
        imagesPerSecond.set(metrics.imagesPerSecond());
    }

    public void progress(double currentImagesPerSecond) {
        imagesPerSecond.set(currentImagesPerSecond);
    }

    public void finished(ExperimentStatus status) {
        Counter.builder("lrlab.experiments.finished").tag("status", status.name())
                .description("experiments this worker ended, by final status").register(registry).increment();
        imagesPerSecond.set(0.0);
    }
}
