package io.lrlab.experiment;

import io.lrlab.training.EpochMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The queue is the database: claims, lease renewals and every write a worker makes, each fenced by the claim so a
 * stale worker can never overwrite a newer state.
 */
@Component
class ExperimentQueue {

    private final ExperimentRepository experiments;
    private final EpochMetricRepository metrics;
    private final ExperimentReportRepository reports;
    private final TransactionTemplate tx;
    private final Clock clock;

    ExperimentQueue(ExperimentRepository experiments, EpochMetricRepository metrics, ExperimentReportRepository reports,
                    TransactionTemplate tx, Clock clock) {
        this.experiments = experiments;
        this.metrics = metrics;
        this.reports = reports;
        this.tx = tx;
        this.clock = clock;
    }

    /** Atomically takes the next QUEUED experiment (highest priority, then oldest) for {@code worker}. */
    Optional<Claim> claimNext(String worker, Duration lease) {
        return tx.execute(status -> {
            Optional<Long> next = experiments.lockNextQueued();
            if (next.isEmpty()) {
                return Optional.<Claim>empty();
            }
            Instant now = clock.instant();
            if (experiments.markClaimed(next.get(), worker, now.plus(lease), now) != 1) {
                return Optional.<Claim>empty();
            }
            Experiment e = experiments.findById(next.get()).orElseThrow();
            return Optional.of(new Claim(e.getId(), worker, e.getAttempts(), e.getSpec()));
        });
    }

    boolean renew(Claim claim, Duration lease) {
        Integer updated = tx.execute(s -> experiments.renewLease(claim.experimentId(), claim.worker(), claim.attempt(),
                clock.instant().plus(lease)));
        return updated != null && updated == 1;
    }

    boolean cancelRequested(long id) {
        return experiments.isCancelRequested(id).orElse(true);
    }

    /** Stores a finished epoch, replacing any row of the same or a later epoch left by an earlier attempt. */
    void recordEpoch(Claim claim, EpochMetrics m) {
        tx.executeWithoutResult(s -> {
            long id = claim.experimentId();
            metrics.deleteFrom(id, m.epoch());
            metrics.flush();
            metrics.save(new EpochMetric(id, m));
            List<EpochMetrics> all = metrics.findByExperiment(id).stream().map(EpochMetric::toMetrics).toList();
            EpochMetrics best = all.stream().max(java.util.Comparator.comparingDouble(EpochMetrics::valAcc)).orElse(m);
            int updated = experiments.recordProgress(id, claim.worker(), claim.attempt(), m.epoch() + 1, m.imagesPerSecond(),
                    best.valAcc(), best.epoch(), m.valAcc(), m.valLoss(), m.trainAcc(), m.trainLoss());
            if (updated != 1) {
                s.setRollbackOnly();
                throw new LeaseLostException(id);
            }
        });
    }

    /** Records what this attempt runs on; fenced like every worker write. */
    void recordProvenance(Claim claim, String provenanceJson) {
        Integer updated = tx.execute(s -> experiments.recordProvenance(claim.experimentId(), claim.worker(), claim.attempt(), provenanceJson));
        if (updated == null || updated != 1) {
            throw new LeaseLostException(claim.experimentId());
        }
    }

    boolean finish(Claim claim, ExperimentStatus status, String error, String reportJson) {
        Boolean done = tx.execute(s -> {
            int updated = experiments.finish(claim.experimentId(), claim.worker(), claim.attempt(), status, error, clock.instant());
            if (updated == 1 && reportJson != null) {
                reports.save(new ExperimentReportEntity(claim.experimentId(), reportJson, clock.instant()));
            }
            return updated == 1;
        });
        return Boolean.TRUE.equals(done);
    }

    boolean requeue(Claim claim) {
        Integer updated = tx.execute(s -> experiments.requeue(claim.experimentId(), claim.worker(), claim.attempt()));
        return updated != null && updated == 1;
    }

    int requeueExpired() {
        Integer n = tx.execute(s -> experiments.requeueExpired(clock.instant()));
        return n == null ? 0 : n;
    }
}
