package io.lrlab.experiment;

import io.lrlab.artifact.ArtifactStore;
import io.lrlab.training.EpochMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * The queue is the database: claims, lease renewals and every write a worker makes, each fenced by the claim so a
 * stale worker can never overwrite a newer state.
 */
@Component
public class ExperimentQueue {

    /** The artifact holding an experiment's latest checkpoint, and with it the network it trained. */
    static final String CHECKPOINT = "checkpoint";

    private static final Logger log = LoggerFactory.getLogger(ExperimentQueue.class);

    private final ExperimentRepository experiments;
    private final EpochMetricRepository metrics;
    private final ExperimentReportRepository reports;
    private final ArtifactStore artifacts;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final HandBackPolicy policy;
    private final ObjectProvider<ExperimentEndListener> endListeners;
    private final ObjectMapper json;

    ExperimentQueue(ExperimentRepository experiments, EpochMetricRepository metrics, ExperimentReportRepository reports,
                    ArtifactStore artifacts, TransactionTemplate tx, Clock clock, HandBackPolicy policy,
                    ObjectProvider<ExperimentEndListener> endListeners, ObjectMapper json) {
        this.json = json;
        this.policy = policy;
        this.endListeners = endListeners;
        this.experiments = experiments;
        this.metrics = metrics;
        this.reports = reports;
        this.artifacts = artifacts;
        this.tx = tx;
        this.clock = clock;
    }

    /** Atomically takes the next QUEUED experiment (highest priority, then oldest) for {@code worker}. */
    public Optional<Claim> claimNext(String worker, Duration lease) {
        return claimNext(worker, lease, false);
    }

    /** The next experiment this worker can train, bfloat16 ones included when {@code bf16}. */
    public Optional<Claim> claimNext(String worker, Duration lease, boolean bf16) {
        return claimNext(worker, lease, bf16, null);
    }

    /**
     * The same, only if the experiment next in line trains a network {@code model} accepts (null: any); otherwise
     * nothing, and the experiment stays in line: it is never passed over for one behind it.
     */
    public Optional<Claim> claimNext(String worker, Duration lease, boolean bf16, java.util.function.Predicate<String> model) {
        return tx.execute(status -> {
            Optional<Long> next = experiments.lockNextQueued(clock.instant(), bf16);
            if (next.isEmpty()) {
                return Optional.<Claim>empty();
            }
            if (model != null && !model.test(experiments.modelOf(next.get()))) {
                return Optional.<Claim>empty();
            }
            Instant now = clock.instant();
            if (experiments.markClaimed(next.get(), worker, now.plus(lease), now) != 1) {
                return Optional.<Claim>empty();
            }
            Experiment e = experiments.findById(next.get()).orElseThrow();
            return Optional.of(new Claim(e.getId(), worker, e.getAttempts(), e.getSpec(), e.getModel()));
        });
    }

    /** Renews the claim's lease, with where the run is inside its epoch when the worker knows it. */
    public boolean renew(Claim claim, Duration lease, Optional<LiveProgress.Position> position) {
        var p = position.orElse(null);
        Integer updated = tx.execute(s -> experiments.renewLease(claim.experimentId(), claim.worker(), claim.attempt(),
                clock.instant().plus(lease), p == null ? null : p.epoch(), p == null ? null : p.batch(),
                p == null ? null : p.batches(), p == null ? null : p.imagesPerSecond()));
        return updated != null && updated == 1;
    }

    public boolean cancelRequested(long id) {
        return experiments.isCancelRequested(id).orElse(true);
    }

    /**
     * Stores a checkpoint, fenced by the claim. With {@code finished}, the epoch's metrics are stored too: in the same
     * transaction when the artifacts live in the database; otherwise the epoch's row first, so a crash between the two
     * writes re-trains that epoch (its row replaced), never skips it.
     */
    void saveCheckpoint(Claim claim, EpochMetrics finished, byte[] checkpoint, int length) {
        long id = claim.experimentId();
        if (artifacts.joinsTransactions()) {
            tx.executeWithoutResult(s -> {
                fence(claim, finished);
                artifacts.put(id, CHECKPOINT, checkpoint, length);
            });
        } else {
            tx.executeWithoutResult(s -> fence(claim, finished));
            artifacts.put(id, CHECKPOINT, checkpoint, length);
        }
    }

    /**
     * Inside a transaction: takes the experiment's row lock if the claim still holds it (a worker that lost its lease
     * gets {@link LeaseLostException} and writes nothing), and records a finished epoch, replacing any row of the same
     * or a later epoch left by an earlier attempt.
     */
    private void fence(Claim claim, EpochMetrics m) {
        long id = claim.experimentId();
        if (m == null) {
            if (experiments.checkpointed(id, claim.worker(), claim.attempt()) != 1) {
                throw new LeaseLostException(id);
            }
            return;
        }
        metrics.deleteFrom(id, m.epoch());
        metrics.flush();
        metrics.save(new EpochMetricEntity(id, m));
        List<EpochMetrics> all = metrics.findByExperiment(id).stream().map(EpochMetricEntity::toMetrics).toList();
        EpochMetrics best = all.stream().max(java.util.Comparator.comparingDouble(EpochMetrics::valAcc)).orElse(m);
        int updated = experiments.recordProgress(id, claim.worker(), claim.attempt(), m.epoch() + 1, m.imagesPerSecond(),
                best.valAcc(), best.epoch(), m.valAcc(), m.valLoss(), m.trainAcc(), m.trainLoss());
        if (updated != 1) {
            throw new LeaseLostException(id);
        }
    }

    /** Records what this attempt runs on; fenced like every worker write. */
    public void recordProvenance(Claim claim, String provenanceJson) {
        Integer updated = tx.execute(s -> experiments.recordProvenance(claim.experimentId(), claim.worker(), claim.attempt(), provenanceJson));
        if (updated == null || updated != 1) {
            throw new LeaseLostException(claim.experimentId());
        }
    }

    public boolean finish(Claim claim, ExperimentStatus status, String error, String reportJson) {
        Boolean done = tx.execute(s -> {
            int updated = experiments.finish(claim.experimentId(), claim.worker(), claim.attempt(), status, error, clock.instant());
            if (updated == 1 && reportJson != null) {
                reports.save(new ExperimentReportEntity(claim.experimentId(), reportJson, clock.instant()));
            }
            return updated == 1;
        });
        if (Boolean.TRUE.equals(done)) {
            tellEnded(claim.experimentId());
        }
        return Boolean.TRUE.equals(done);
    }

    private void tellEnded(long id) {
        endListeners.orderedStream().forEach(listener -> {
            try {
                listener.ended(id);
            } catch (RuntimeException e) {
                // the listener's periodic check does it later
                log.warn("After experiment {}'s run ended, {} failed: {}", id, listener.getClass().getSimpleName(), e.toString());
            }
        });
    }

    /** Parks a study's trial at a rung (its checkpoint is the epoch's), fenced by the claim; false if the claim no longer holds. */
    public boolean pause(Claim claim) {
        boolean paused = oneRow(() -> experiments.pause(claim.experimentId(), claim.worker(), claim.attempt()));
        if (paused) {
            tellEnded(claim.experimentId());
        }
        return paused;
    }

    /** Puts a paused trial back in the queue; its next worker resumes it from its checkpoint. Joins the caller's transaction. */
    public boolean release(long id) {
        return oneRow(() -> experiments.release(id));
    }

    /**
     * Locks the rows of these paused trials to the end of the caller's transaction, so that nothing else (a cancel, a
     * release) changes them meanwhile; whether every one of them is still paused.
     */
    public boolean lockPaused(java.util.Collection<Long> ids) {
        return Boolean.TRUE.equals(tx.execute(s -> experiments.lockPaused(ids).size() == ids.size()));
    }

    /**
     * Population-based training's exploit: a paused trial takes {@code donor}'s checkpoint (weights, optimizer state and
     * position; the donor is paused at the same epoch) unless the donor is null, trains on with {@code scheduleParams},
     * and goes back to the queue. Joins the caller's transaction (the checkpoint copy too, where the artifact store
     * does); false, changing nothing, when the trial is not paused. Copied again on a retry, the same bytes land.
     */
    public boolean exploit(long id, Long donor, Map<String, Object> scheduleParams) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            Optional<Experiment> trial = experiments.findById(id).filter(e -> e.getStatus() == ExperimentStatus.PAUSED);
            if (trial.isEmpty()) {
                return false;
            }
            if (donor != null) {
                byte[] bytes = artifacts.read(donor, CHECKPOINT, java.io.InputStream::readAllBytes)
                        .orElseThrow(() -> new IllegalStateException("experiment " + donor + " has no checkpoint to copy"));
                artifacts.put(id, CHECKPOINT, bytes, bytes.length);
            }
            ExperimentSpec spec = json.readValue(trial.get().getSpec(), ExperimentSpec.class);
            return experiments.releaseWith(id, json.writeValueAsString(spec.withScheduleParams(scheduleParams))) == 1;
        }));
    }

    /** Ends a paused trial as PRUNED where it stands. Joins the caller's transaction. */
    public boolean prunePaused(long id, String reason) {
        return oneRow(() -> experiments.endPaused(id, ExperimentStatus.PRUNED, reason, clock.instant()));
    }

    /** Runs a conditional update in a transaction (the caller's, if there is one); whether it changed the one row. */
    private boolean oneRow(java.util.function.IntSupplier update) {
        Integer updated = tx.execute(s -> update.getAsInt());
        return updated != null && updated == 1;
    }

    /**
     * The one way an experiment goes back to the queue, whatever sent it back (the database away, a lapsed lease, a
     * shutdown, a failure at start): it waits out a back-off that doubles with each attempt in a row that made no
     * progress (no epoch, no checkpoint), and after {@code lrlab.worker.max-attempts} such attempts it ends FAILED with
     * the last reasons. Fenced by the claim: a claim that no longer holds the experiment changes nothing.
     */
    public HandBack handBack(Claim claim, String reason) {
        return tx.execute(s -> {
            long id = claim.experimentId();
            if (experiments.fence(id, claim.worker(), claim.attempt()) != 1) {
                return HandBack.notHeld();
            }
            Experiment e = experiments.findById(id).orElseThrow();
            int stalled = e.getStalledAttempts() + 1;
            String reasons = HandBack.remember(e.getHandBackReasons(), claim.attempt(), reason);
            Instant now = clock.instant();
            if (stalled >= policy.maxAttempts()) {
                String error = HandBack.gaveUp(stalled, reasons);
                experiments.finish(id, claim.worker(), claim.attempt(), ExperimentStatus.FAILED, error, now);
                return HandBack.failed(stalled, error);
            }
            Duration wait = policy.backoff(stalled);
            experiments.handBack(id, claim.worker(), claim.attempt(), now.plus(wait), reasons);
            return HandBack.requeued(stalled, wait);
        });
    }

    /** Hands back every experiment whose worker stopped renewing its lease; returns what became of each. */
    public List<HandBack> requeueExpired() {
        List<Claim> expired = tx.execute(s -> experiments.findExpired(clock.instant()));
        return expired == null ? List.of() : expired.stream()
                .map(c -> handBack(c, "its worker " + c.worker() + " stopped renewing its lease (stopped, killed or cut off)"))
                .filter(h -> h.outcome() != HandBack.Outcome.NOT_HELD)
                .toList();
    }
}
