package io.lrlab.worker;

import io.lrlab.experiment.CancellationSignals;
import io.lrlab.experiment.Claim;
import io.lrlab.experiment.ExperimentQueue;
import io.lrlab.experiment.LiveProgress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A worker's signs of life, on a thread of their own: its row in the worker registry, and while it trains the lease of
 * its claim (with where the run is inside its epoch) and the cancel flag other nodes may set.
 */
@Component
class Heartbeats {

    private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);

    private final WorkerRegistry registry;
    private final ExperimentQueue queue;
    private final LiveProgress live;
    private final CancellationSignals cancellations;
    private ScheduledExecutorService executor;

    Heartbeats(WorkerRegistry registry, ExperimentQueue queue, LiveProgress live, CancellationSignals cancellations) {
        this.registry = registry;
        this.queue = queue;
        this.live = live;
        this.cancellations = cancellations;
    }

    void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "lrlab-heartbeat"));
    }

    /** Stops beating and leaves the registry, every slot of the process. */
    void stop(java.util.List<String> workerIds) {
        executor.shutdownNow();
        for (String workerId : workerIds) {
            try {
                registry.remove(workerId);
            } catch (RuntimeException e) {
                log.warn("Could not remove worker {} from the registry: {}", workerId, e.getMessage());
            }
        }
    }

    /** The idle worker's beat, and the registry's clean-up of workers silent for ten leases. */
    void idle(String workerId) {
        registry.beat(workerId, null);
    }

    void forgetSilent(Duration lease) {
        registry.forgetSilent(lease.multipliedBy(10));
    }

    /**
     * Beats for a claim every third of the lease and at least every 2 s (the beat also carries the live position to
     * other nodes) until the returned future is cancelled; sets {@code leaseLost} when the claim no longer holds.
     */
    ScheduledFuture<?> whileTraining(Claim claim, Duration lease, AtomicBoolean leaseLost) {
        registry.beat(claim.worker(), claim.experimentId());
        long period = Math.max(100, Math.min(2000, lease.toMillis() / 3));
        return executor.scheduleAtFixedRate(() -> beat(claim, lease, leaseLost), period, period, TimeUnit.MILLISECONDS);
    }

    private void beat(Claim claim, Duration lease, AtomicBoolean leaseLost) {
        try {
            registry.beat(claim.worker(), claim.experimentId());
            if (!queue.renew(claim, lease, live.of(claim.experimentId()))) {
                leaseLost.set(true);
            }
            if (queue.cancelRequested(claim.experimentId())) {
                cancellations.signal(claim.experimentId());
            }
        } catch (RuntimeException e) {
            log.warn("Heartbeat for experiment {} failed: {}", claim.experimentId(), e.getMessage());
        }
    }
}
