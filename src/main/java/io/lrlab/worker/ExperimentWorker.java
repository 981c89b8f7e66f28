package io.lrlab.worker;

import io.lrlab.experiment.ExperimentArtifacts;
import io.lrlab.experiment.ExperimentQueue;
import io.lrlab.experiment.LeaseLostException;
import io.lrlab.experiment.Claim;
import io.lrlab.experiment.ExperimentStatus;
import io.lrlab.experiment.ExperimentSpec;
import io.lrlab.experiment.HandBack;
import io.lrlab.error.DatabaseOutage;
import io.lrlab.dataset.TrainTestData;
import io.lrlab.model.ModelPreset;
import io.lrlab.training.Precision;
import io.lrlab.training.RangeTest;
import io.lrlab.training.Trainer;
import io.lrlab.training.TrainingOutcome;
import io.lrlab.training.TrainingSpec;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Trains queued experiments one at a time on this process's device. Holds a lease renewed by a heartbeat on its own
 * thread; on a graceful stop the running experiment ends at the next batch, keeps its last checkpoint and is
 * re-queued. Off with {@code lrlab.worker.enabled=false} (API only).
 */
@Component
class ExperimentWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ExperimentWorker.class);
    /** MDC key shown by the log pattern (and in structured logs): "worker-id exp=N". */
    static final String LOG_KEY = "lrlab";

    private final ExperimentQueue queue;
    private final WorkerSettings settings;
    private final ExperimentArtifacts artifacts;
    private final Trainer trainer;
    private final WorkerData data;
    private final RunMonitors monitors;
    private final Heartbeats heartbeats;
    private final ObjectMapper json;
    private final String workerId;
    private volatile Long current;
    private final java.util.List<Abandoned> abandoned = new java.util.ArrayList<>();

    private volatile boolean running;
    private volatile boolean stopping;
    private Thread thread;

    ExperimentWorker(ExperimentQueue queue, WorkerSettings settings, ExperimentArtifacts artifacts, Trainer trainer,
                     WorkerData data, RunMonitors monitors, Heartbeats heartbeats, ObjectMapper json) {
        this.queue = queue;
        this.settings = settings;
        this.artifacts = artifacts;
        this.trainer = trainer;
        this.data = data;
        this.monitors = monitors;
        this.heartbeats = heartbeats;
        this.json = json;
        this.workerId = settings.id() != null ? settings.id() : defaultWorkerId();
    }

    private static String defaultWorkerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "localhost";
        }
        return host + ":" + ManagementFactory.getRuntimeMXBean().getPid() + ":" + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    @Override
    public void start() {
        if (!settings.enabled() || running) {
            return;
        }
        stopping = false;
        running = true;
        heartbeats.start();
        thread = new Thread(this::loop, "lrlab-worker");
        thread.start();
        log.info("Worker {} started", workerId);
    }

    @Override
    public void stop() {
        if (!running) {
            return;
        }
        stopping = true;
        LockSupport.unpark(thread);
        try {
            thread.join(Duration.ofMinutes(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        heartbeats.stop(workerId);
        running = false;
        log.info("Worker {} stopped", workerId);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        long lastRecovery = 0;
        long lastBeat = 0;
        boolean databaseAway = false;
        String lastLoopFailure = null;
        int repeatedLoopFailures = 0;
        while (!stopping) {
            try {
                if (System.nanoTime() - lastBeat > Math.min(1_000_000_000L, settings.lease().toNanos() / 3)) {
                    heartbeats.idle(workerId);
                    lastBeat = System.nanoTime();
                }
                if (System.nanoTime() - lastRecovery > settings.lease().toNanos() / 2) {
                    for (HandBack handBack : queue.requeueExpired()) {
                        log.info("An experiment whose worker stopped renewing its lease {}", describe(handBack));
                    }
                    heartbeats.forgetSilent(settings.lease());
                    lastRecovery = System.nanoTime();
                }
                requeueAbandoned();
                var claim = queue.claimNext(workerId, settings.lease(), Precision.bfloat16Here());
                if (claim.isPresent()) {
                    run(claim.get());
                } else {
                    LockSupport.parkNanos(settings.pollInterval().toNanos());
                }
            } catch (RuntimeException e) {
                if (DatabaseOutage.isCause(e)) {
                    if (!databaseAway) {
                        log.warn("The database is away ({}); the worker waits for it", e.getMessage());
                    }
                    databaseAway = true;
                    LockSupport.parkNanos(Math.max(settings.pollInterval().toNanos(), 1_000_000_000L));
                    continue;
                }
                // said once, then counted: a failure that repeats every poll must not fill the log
                if (!String.valueOf(e.getMessage()).equals(lastLoopFailure)) {
                    log.error("Worker loop failed; retrying every {}", settings.pollInterval(), e);
                    lastLoopFailure = String.valueOf(e.getMessage());
                    repeatedLoopFailures = 0;
                } else {
                    repeatedLoopFailures++;
                }
                LockSupport.parkNanos(Math.max(settings.pollInterval().toNanos(), 1_000_000_000L));
                continue;
            }
            if (databaseAway) {
                databaseAway = false;
                log.info("The database is back");
            }
            if (lastLoopFailure != null) {
                log.info("The worker loop works again (the failure repeated {} more times)", repeatedLoopFailures);
                lastLoopFailure = null;
            }
        }
    }

    /** Experiments left when the database went away: back to the queue as soon as it returns, not after their lease lapses. */
    private void requeueAbandoned() {
        for (var it = abandoned.iterator(); it.hasNext(); ) {
            Abandoned left = it.next();
            handBack(left.claim(), "the database was away (" + left.reason() + ")");
            it.remove();
        }
    }

    private record Abandoned(Claim claim, String reason) {
    }

    /** Hands the claim's experiment back through the queue's one rule (back-off, attempts) and says once what became of it. */
    private void handBack(Claim claim, String reason) {
        HandBack result = queue.handBack(claim, reason);
        if (result.outcome() == HandBack.Outcome.FAILED) {
            monitors.finished(ExperimentStatus.FAILED);
        }
        if (result.outcome() != HandBack.Outcome.NOT_HELD) {
            log.info("Experiment {} {}; it was handed back because {}", claim.experimentId(), describe(result), reason);
        }
    }

    private static String describe(HandBack result) {
        return switch (result.outcome()) {
            case REQUEUED -> "is back in the queue (" + result.stalled() + " attempt(s) in a row without progress); a worker "
                    + "resumes it from its last checkpoint in " + result.delay().toSeconds() + " s or later";
            case FAILED -> "FAILED: " + result.error();
            case NOT_HELD -> "was already taken over";
        };
    }

    private void run(Claim claim) {
        long id = claim.experimentId();
        current = id;
        // every log line of this experiment, the trainer's too, names the worker and the experiment
        MDC.put(LOG_KEY, workerId + " exp=" + id);
        AtomicBoolean leaseLost = new AtomicBoolean();
        ScheduledFuture<?> beat = heartbeats.whileTraining(claim, settings.lease(), leaseLost);
        monitors.started(id);
        Precision.Scope arithmetic = null;
        try {
            ExperimentSpec spec = json.readValue(claim.specJson(), ExperimentSpec.class);
            // the networks this thread builds and runs for the experiment, its provenance's record of them too; a spec
            // stored before precisions existed keeps the process-wide setting it was queued under
            if (spec.precision() != null) {
                arithmetic = spec.arithmetic().open();
            }
            log.info("Worker {} trains experiment {} ({}), attempt {}", workerId, id, spec.name(), claim.attempt());
            TrainTestData images = data.load(spec);
            queue.recordProvenance(claim, json.writeValueAsString(data.provenance(spec, images, workerId, claim.attempt())));
            if (spec.rangeTest() != null) {
                rangeTest(claim, spec, images, leaseLost);
                return;
            }
            TrainingOutcome outcome = trainer.train(trainingSpec(spec), images, artifacts.checkpoints(claim, settings.lease()),
                    monitors.forRun(id, spec, () -> stopping, leaseLost));
            switch (outcome.status()) {
                case COMPLETED -> finish(claim, ExperimentStatus.COMPLETED, null, json.writeValueAsString(outcome.report()));
                case DIVERGED -> finish(claim, ExperimentStatus.DIVERGED, outcome.message(), null);
                case CANCELLED -> finish(claim, ExperimentStatus.CANCELLED, outcome.message(), null);
                case STOPPED_EARLY -> finish(claim, ExperimentStatus.STOPPED_EARLY, outcome.message(), json.writeValueAsString(outcome.report()));
                case PRUNED -> finish(claim, ExperimentStatus.PRUNED, outcome.message(), json.writeValueAsString(outcome.report()));
                case PAUSED -> {
                    if (queue.pause(claim)) {
                        log.info("Experiment {} waits for its study: {}", id, outcome.message());
                    }
                }
                case INTERRUPTED -> {
                    if (!leaseLost.get()) {
                        handBack(claim, outcome.message());
                    }
                }
            }
        } catch (LeaseLostException e) {
            log.warn("Worker {} lost experiment {}; another worker will resume it", workerId, id);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            if (DatabaseOutage.isCause(e)) {
                log.warn("The database is away ({}); experiment {} goes back to the queue when it returns, and a worker "
                        + "resumes it from its last checkpoint", e.getMessage(), id);
                abandoned.add(new Abandoned(claim, e.getMessage()));
                return;
            }
            String message = FailureMessage.of(e);
            if (e instanceof io.lrlab.dataset.DatasetUnavailableException) {
                log.error("Experiment {} failed: {}", id, message);
            } else {
                log.error("Experiment {} failed", id, e);
            }
            finish(claim, ExperimentStatus.FAILED, message, null);
        } finally {
            if (arithmetic != null) {
                arithmetic.close();
            }
            beat.cancel(false);
            monitors.ended(id);
            current = null;
            MDC.remove(LOG_KEY);
        }
    }

    private void finish(Claim claim, ExperimentStatus status, String error, String reportJson) {
        if (DatabaseOutage.retry(settings.lease(), () -> queue.finish(claim, status, error, reportJson))) {
            monitors.finished(status);
        }
    }

    /** For health: whether this process trains, its loop is alive, and what it trains now. */
    WorkerState state() {
        return new WorkerState(workerId, settings.enabled(), running && thread != null && thread.isAlive(), current);
    }

    record WorkerState(String workerId, boolean enabled, boolean alive, Long experiment) {
    }

    /** A range test has no checkpoint: stopped by a shutdown, it is re-queued and runs again from its start. */
    private void rangeTest(Claim claim, ExperimentSpec spec, TrainTestData data, AtomicBoolean leaseLost) {
        long id = claim.experimentId();
        RangeTest.Result result = new RangeTest().run(trainingSpec(spec).effectiveNetwork(), data, spec.batchSize(),
                spec.momentum(), spec.seed(), spec.rangeTest(), () -> monitors.cancelled(id) || stopping || leaseLost.get());
        if (leaseLost.get()) {
            return;
        }
        if (stopping && !monitors.cancelled(id)) {
            handBack(claim, "the worker stopped during the range test, which starts again from its first batch");
            return;
        }
        if (monitors.cancelled(id)) {
            finish(claim, ExperimentStatus.CANCELLED, "cancelled after " + result.points().size() + " batches", json.writeValueAsString(result));
            return;
        }
        log.info("Range test {}: steepest descent at lr {}, minimum at lr {}", id, result.steepestLr(), result.minLossLr());
        finish(claim, ExperimentStatus.COMPLETED, null, json.writeValueAsString(result));
    }

    static TrainingSpec trainingSpec(ExperimentSpec spec) {
        ModelPreset preset = ModelPreset.fromId(spec.model()).orElseThrow();
        return new TrainingSpec(preset.spec(), spec.buildSchedule(), spec.batchSize(), spec.momentum(), spec.weightDecay(), spec.seed(),
                spec.augment());
    }
}
