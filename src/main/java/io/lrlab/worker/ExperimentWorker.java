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
import io.lrlab.training.CoreShare;
import io.lrlab.training.Precision;
import io.lrlab.training.RangeTest;
import io.lrlab.training.Trainer;
import io.lrlab.training.TrainingOutcome;
import io.lrlab.training.TrainingSpec;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * Trains queued experiments on this process's device, in {@code lrlab.worker.slots} slots: each slot a loop on its own
 * thread that claims and trains one experiment at a time under its own worker id (the process's id, then
 * {@code <id>#2}, {@code #3}...), with its share of the cores. Under {@code auto} a second slot takes only small networks
 * ({@link ModelPreset#packs()}), and only while the first trains one too; any other network trains alone on every
 * core. Each claim holds a lease renewed by a heartbeat on its own thread; on a graceful stop the running experiments
 * end at the next batch, keep their last checkpoint and are re-queued. Off with {@code lrlab.worker.enabled=false}
 * (API only).
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
    private final List<Slot> slots = new CopyOnWriteArrayList<>();
    /** Claims are decided one slot at a time: what one slot may take depends on what the others train. */
    private final Object claiming = new Object();
    private final java.util.concurrent.atomic.AtomicLong lastRecovery = new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);

    private volatile boolean running;
    private volatile boolean stopping;

    /** One loop of the worker: its id in claims and the registry, what it trains now, and what it left for the queue. */
    private static final class Slot {
        final String id;
        final List<Abandoned> abandoned = new ArrayList<>();
        volatile Long current;
        volatile boolean small;
        Thread thread;

        Slot(String id) {
            this.id = id;
        }
    }

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
        int count = settings.slotCount(CoreShare.cores(), CoreShare.cpu());
        data.keep(count);
        slots.clear();
        for (int i = 0; i < count; i++) {
            Slot slot = new Slot(i == 0 ? workerId : workerId + "#" + (i + 1));
            slot.thread = new Thread(() -> loop(slot), i == 0 ? "lrlab-worker" : "lrlab-worker-" + (i + 1));
            slots.add(slot);
        }
        slots.forEach(slot -> slot.thread.start());
        log.info("Worker {} started with {} slot(s) ({}), {} cores", workerId, count, settings.slots(), CoreShare.cores());
    }

    @Override
    public void stop() {
        if (!running) {
            return;
        }
        stopping = true;
        slots.forEach(slot -> LockSupport.unpark(slot.thread));
        for (Slot slot : slots) {
            try {
                slot.thread.join(Duration.ofMinutes(2).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        heartbeats.stop(slots.stream().map(slot -> slot.id).toList());
        running = false;
        log.info("Worker {} stopped", workerId);
    }

    /**
     * The next experiment this slot may train. One slot alone takes any; under auto, beside a small network only a
     * small network, and only the one next in line (a larger one next waits for the slots to empty, never passed over),
     * and beside any other nothing. Marks the slot busy before the next slot decides.
     */
    private Optional<Claim> claim(Slot slot) {
        synchronized (claiming) {
            List<Slot> busy = slots.stream().filter(other -> other != slot && other.current != null).toList();
            java.util.function.Predicate<String> models = null;
            if (settings.autoSlots() && !busy.isEmpty()) {
                if (busy.stream().anyMatch(other -> !other.small)) {
                    return Optional.empty();
                }
                models = ExperimentWorker::packs;
            }
            Optional<Claim> claim = queue.claimNext(slot.id, settings.lease(), Precision.bfloat16Here(), models);
            claim.ifPresent(c -> {
                slot.small = packs(c.model());
                slot.current = c.experimentId();
            });
            return claim;
        }
    }

    /** Whether {@code model} is a network small enough to share the machine with another ({@link ModelPreset#packs}). */
    private static boolean packs(String model) {
        return ModelPreset.fromId(model).map(ModelPreset::packs).orElse(false);
    }

    /**
     * The native threads of a run: all cores for one slot (and under auto for a network that trains alone), else each
     * slot its share.
     */
    private int threadsFor(Slot slot) {
        int cores = CoreShare.cores();
        if (slots.size() == 1 || settings.autoSlots() && !slot.small) {
            return cores;
        }
        return Math.max(1, cores / slots.size());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop(Slot slot) {
        long lastBeat = 0;
        boolean databaseAway = false;
        String lastLoopFailure = null;
        int repeatedLoopFailures = 0;
        while (!stopping) {
            try {
                if (System.nanoTime() - lastBeat > Math.min(1_000_000_000L, settings.lease().toNanos() / 3)) {
                    heartbeats.idle(slot.id);
                    lastBeat = System.nanoTime();
                }
                // whichever slot is idle looks after the cluster's lapsed leases, every half lease for the process
                long last = lastRecovery.get();
                if (System.nanoTime() - last > settings.lease().toNanos() / 2 && lastRecovery.compareAndSet(last, System.nanoTime())) {
                    for (HandBack handBack : queue.requeueExpired()) {
                        log.info("An experiment whose worker stopped renewing its lease {}", describe(handBack));
                    }
                    heartbeats.forgetSilent(settings.lease());
                }
                requeueAbandoned(slot);
                var claim = claim(slot);
                if (claim.isPresent()) {
                    try {
                        run(slot, claim.get());
                    } finally {
                        slot.current = null;
                    }
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
    private void requeueAbandoned(Slot slot) {
        for (var it = slot.abandoned.iterator(); it.hasNext(); ) {
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

    private void run(Slot slot, Claim claim) {
        long id = claim.experimentId();
        // every log line of this experiment, the trainer's too, names the worker and the experiment
        MDC.put(LOG_KEY, slot.id + " exp=" + id);
        CoreShare.use(threadsFor(slot));
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
            log.info("Worker {} trains experiment {} ({}), attempt {}", slot.id, id, spec.name(), claim.attempt());
            WorkerData.Loaded loaded = data.load(spec);
            TrainTestData images = loaded.images();
            queue.recordProvenance(claim, json.writeValueAsString(data.provenance(spec, loaded, slot.id, claim.attempt())));
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
            log.warn("Worker {} lost experiment {}; another worker will resume it", slot.id, id);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            if (DatabaseOutage.isCause(e)) {
                log.warn("The database is away ({}); experiment {} goes back to the queue when it returns, and a worker "
                        + "resumes it from its last checkpoint", e.getMessage(), id);
                slot.abandoned.add(new Abandoned(claim, e.getMessage()));
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
        boolean alive = running && !slots.isEmpty() && slots.stream().allMatch(slot -> slot.thread != null && slot.thread.isAlive());
        return new WorkerState(workerId, settings.enabled(), alive, slots.size(),
                slots.stream().map(slot -> slot.current).filter(java.util.Objects::nonNull).toList());
    }

    /** @param experiments what the slots train now */
    record WorkerState(String workerId, boolean enabled, boolean alive, int slots, List<Long> experiments) {
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
