package io.lrlab.experiment;

import io.lrlab.dataset.DatasetLoader;
import io.lrlab.error.DatabaseOutage;
import io.lrlab.dataset.Fingerprint;
import io.lrlab.dataset.TrainTestData;
import io.lrlab.model.ModelPreset;
import io.lrlab.system.Provenance;
import io.lrlab.training.EpochMetrics;
import io.lrlab.training.LrRangeTest;
import io.lrlab.training.Trainer;
import io.lrlab.training.TrainingMonitor;
import io.lrlab.training.TrainingMonitor.EarlyStop;
import io.lrlab.training.TrainingOutcome;
import io.lrlab.training.TrainingSpec;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
    private final DatasetLoader datasets;
    private final ClusterEvents events;
    private final ExperimentQueries queries;
    private final LiveProgress live;
    private final CancellationSignals cancellations;
    private final ObjectMapper json;
    private final ExperimentMetrics metrics;
    private final Provenance provenance;
    private final StoppingRules stoppingRules;
    private final WorkerRegistry registry;
    private final String workerId;
    private volatile Long current;
    private final java.util.List<Abandoned> abandoned = new java.util.ArrayList<>();

    private volatile boolean running;
    private volatile boolean stopping;
    private Thread thread;
    private ScheduledExecutorService heartbeat;
    private DataKey lastDataKey;
    private TrainTestData lastData;
    private String lastFingerprint;

    ExperimentWorker(ExperimentQueue queue, WorkerSettings settings, ExperimentArtifacts artifacts, Trainer trainer,
                     DatasetLoader datasets, ClusterEvents events, ExperimentQueries queries, LiveProgress live,
                     CancellationSignals cancellations, ObjectMapper json, ExperimentMetrics metrics, Provenance provenance, StoppingRules stoppingRules,
                     WorkerRegistry registry) {
        this.queue = queue;
        this.settings = settings;
        this.artifacts = artifacts;
        this.trainer = trainer;
        this.datasets = datasets;
        this.events = events;
        this.queries = queries;
        this.live = live;
        this.cancellations = cancellations;
        this.json = json;
        this.metrics = metrics;
        this.provenance = provenance;
        this.stoppingRules = stoppingRules;
        this.registry = registry;
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
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "lrlab-heartbeat"));
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
        heartbeat.shutdownNow();
        try {
            registry.remove(workerId);
        } catch (RuntimeException e) {
            log.warn("Could not remove worker {} from the registry: {}", workerId, e.getMessage());
        }
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
                    registry.beat(workerId, null);
                    lastBeat = System.nanoTime();
                }
                if (System.nanoTime() - lastRecovery > settings.lease().toNanos() / 2) {
                    for (HandBack handBack : queue.requeueExpired()) {
                        log.info("An experiment whose worker stopped renewing its lease {}", describe(handBack));
                    }
                    registry.forgetSilent(settings.lease().multipliedBy(10));
                    lastRecovery = System.nanoTime();
                }
                requeueAbandoned();
                var claim = queue.claimNext(workerId, settings.lease());
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
            metrics.finished(ExperimentStatus.FAILED);
        }
        if (result.outcome() != HandBack.Outcome.NOT_HELD) {
            log.info("Experiment {} {}", claim.experimentId(), describe(result));
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
        registry.beat(workerId, id);
        AtomicBoolean leaseLost = new AtomicBoolean();
        // every third of the lease, and at least every 2 s: the beat also carries the live position to other nodes
        long period = Math.max(100, Math.min(2000, settings.lease().toMillis() / 3));
        ScheduledFuture<?> beat = heartbeat.scheduleAtFixedRate(() -> beat(claim, leaseLost), period, period, TimeUnit.MILLISECONDS);
        events.status(id, queries.get(id));
        try {
            ExperimentSpec spec = json.readValue(claim.specJson(), ExperimentSpec.class);
            log.info("Worker {} trains experiment {} ({}), attempt {}", workerId, id, spec.name(), claim.attempt());
            TrainTestData data = data(spec);
            queue.recordProvenance(claim, json.writeValueAsString(provenance(spec, data, claim)));
            if (spec.rangeTest() != null) {
                rangeTest(claim, spec, data, leaseLost);
                return;
            }
            TrainingOutcome outcome = trainer.train(trainingSpec(spec), data, artifacts.checkpoints(claim, settings.lease()),
                    monitor(claim, spec, leaseLost));
            switch (outcome.status()) {
                case COMPLETED -> finish(claim, ExperimentStatus.COMPLETED, null, json.writeValueAsString(outcome.report()));
                case DIVERGED -> finish(claim, ExperimentStatus.DIVERGED, outcome.message(), null);
                case CANCELLED -> finish(claim, ExperimentStatus.CANCELLED, outcome.message(), null);
                case STOPPED_EARLY -> finish(claim, ExperimentStatus.STOPPED_EARLY, outcome.message(), json.writeValueAsString(outcome.report()));
                case PRUNED -> finish(claim, ExperimentStatus.PRUNED, outcome.message(), json.writeValueAsString(outcome.report()));
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
            beat.cancel(false);
            live.clear(id);
            cancellations.clear(id);
            publishFinal(id);
            current = null;
            MDC.remove(LOG_KEY);
        }
    }

    private void finish(Claim claim, ExperimentStatus status, String error, String reportJson) {
        if (DatabaseOutage.retry(settings.lease(), () -> queue.finish(claim, status, error, reportJson))) {
            metrics.finished(status);
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
        LrRangeTest.Result result = new LrRangeTest().run(trainingSpec(spec).effectiveNetwork(), data, spec.batchSize(),
                spec.momentum(), spec.seed(), spec.rangeTest(), () -> cancellations.isSignalled(id) || stopping || leaseLost.get());
        if (leaseLost.get()) {
            return;
        }
        if (stopping && !cancellations.isSignalled(id)) {
            handBack(claim, "the worker stopped during the range test, which starts again from its first batch");
            return;
        }
        if (cancellations.isSignalled(id)) {
            finish(claim, ExperimentStatus.CANCELLED, "cancelled after " + result.points().size() + " batches", json.writeValueAsString(result));
            return;
        }
        log.info("Range test {}: steepest descent at lr {}, minimum at lr {}", id, result.steepestLr(), result.minLossLr());
        finish(claim, ExperimentStatus.COMPLETED, null, json.writeValueAsString(result));
    }

    private void publishFinal(long id) {
        try {
            events.status(id, queries.get(id));
        } catch (RuntimeException e) {
            // deleted meanwhile: nobody to tell
        }
    }

    private void beat(Claim claim, AtomicBoolean leaseLost) {
        try {
            registry.beat(workerId, claim.experimentId());
            if (!queue.renew(claim, settings.lease(), live.of(claim.experimentId()))) {
                leaseLost.set(true);
            }
            if (queue.cancelRequested(claim.experimentId())) {
                cancellations.signal(claim.experimentId());
            }
        } catch (RuntimeException e) {
            log.warn("Heartbeat for experiment {} failed: {}", claim.experimentId(), e.getMessage());
        }
    }

    private TrainingMonitor monitor(Claim claim, ExperimentSpec spec, AtomicBoolean leaseLost) {
        long id = claim.experimentId();
        return new TrainingMonitor() {
            @Override
            public void onEpoch(EpochMetrics metrics) {
                ExperimentWorker.this.metrics.epochFinished(metrics);
                events.epoch(id, metrics);
            }

            @Override
            public Optional<EarlyStop> afterEpoch(EpochMetrics metrics) {
                return stoppingRules.decide(id, spec, metrics);
            }

            @Override
            public boolean cancelRequested() {
                return cancellations.isSignalled(id);
            }

            @Override
            public boolean stopRequested() {
                return stopping;
            }

            @Override
            public boolean abortRequested() {
                // another worker may own the experiment's files now: write nothing
                return leaseLost.get();
            }

            @Override
            public void onProgress(int epoch, int batch, int batches, double imagesPerSecond) {
                live.update(id, epoch, batch, batches, imagesPerSecond);
                metrics.progress(imagesPerSecond);
            }
        };
    }

    private record DataKey(String dataset, int trainLimit, int testLimit) {
    }

    /** What produces this attempt's numbers: the process's platform, this worker, and the exact data it trains on. */
    private Map<String, Object> provenance(ExperimentSpec spec, TrainTestData data, Claim claim) {
        Map<String, Object> out = new LinkedHashMap<>(provenance.runtime());
        out.put("worker", workerId);
        out.put("attempt", claim.attempt());
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("name", spec.dataset());
        dataset.put("source", datasets.source().toAbsolutePath().normalize().toString());
        dataset.put("trainImages", data.train().size());
        dataset.put("testImages", data.test().size());
        dataset.put("checksum", lastFingerprint);
        out.put("dataset", dataset);
        return out;
    }

    /** The last dataset stays in memory: sweeps train many experiments on the same images. */
    private TrainTestData data(ExperimentSpec spec) {
        DataKey key = new DataKey(spec.dataset(), spec.trainLimit(), spec.testLimit());
        if (!Objects.equals(key, lastDataKey)) {
            lastData = null;
            lastData = datasets.load(spec.dataset(), spec.trainLimit(), spec.testLimit());
            lastFingerprint = Fingerprint.of(lastData);
            lastDataKey = key;
        }
        return lastData;
    }

    static TrainingSpec trainingSpec(ExperimentSpec spec) {
        ModelPreset preset = ModelPreset.fromId(spec.model()).orElseThrow();
        return new TrainingSpec(preset.spec(), spec.buildSchedule(), spec.batchSize(), spec.momentum(), spec.weightDecay(), spec.seed(),
                spec.augment());
    }
}
