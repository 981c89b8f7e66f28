package io.lrlab.training;

import io.lrlab.dataset.TrainTestData;
import io.lrlab.model.ResNet;
import io.lrlab.schedule.LearningRateSchedule;
import io.lrlab.schedule.MetricDriven;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of {@link Trainer}: a network, its data, its schedule and where it reports, trained epoch by epoch from a
 * given epoch and batch. An epoch is its batches ({@link #trainBatches}), then its evaluation and checkpoint
 * ({@link #endEpoch}); each may end the run.
 */
final class TrainingRun {

    private static final Logger log = LoggerFactory.getLogger(TrainingRun.class);
    private static final int PROGRESS_EVERY = 10;

    private final TrainingSpec spec;
    private final TrainTestData data;
    private final ComputationGraph net;
    private final CheckpointStore checkpoints;
    private final TrainingMonitor monitor;
    private final Prefetcher prefetcher;
    private final Batches train;
    private final Batches test;
    private final LearningRateSchedule schedule;
    private final Optional<MetricDriven> driven;
    private final TrainAccuracyProbe probe = new TrainAccuracyProbe();
    private final int batches;
    private double lastFiniteLoss;
    private Trainer.Evaluation last;

    TrainingRun(TrainingSpec spec, TrainTestData data, ComputationGraph net, Map<String, String> scheduleState,
                CheckpointStore checkpoints, TrainingMonitor monitor, Prefetcher prefetcher) {
        this.spec = spec;
        this.data = data;
        this.net = net;
        this.checkpoints = checkpoints;
        this.monitor = monitor;
        this.prefetcher = prefetcher;
        this.train = new Batches(data.train(), spec.batchSize(), spec.augment(), spec.seed());
        this.test = new Batches(data.test(), spec.batchSize());
        this.schedule = spec.schedule().newSchedule();
        this.driven = schedule.metricDriven();
        if (!scheduleState.isEmpty()) {
            driven.ifPresent(d -> d.restore(scheduleState));
        }
        this.batches = train.count();
        net.setListeners(probe);
    }

    /** Trains from {@code startEpoch}, the first of them from the batch {@code resume} says. */
    TrainingOutcome from(int startEpoch, Checkpoints.Partial resume) {
        lastFiniteLoss = resume.lastFiniteLoss();
        if (startEpoch > 0 && startEpoch < spec.epochs() && resume.nextBatch() == 0) {
            // resumed at an epoch's end: first what the rules said of that epoch, in case the run died before acting on it
            Optional<TrainingMonitor.EarlyStop> stop = monitor.onResume(startEpoch);
            if (stop.isPresent()) {
                last = Trainer.evaluate(net, test, data.test());
                log.info("stopped on resuming after epoch {}: {}", startEpoch, stop.get().reason());
                return new TrainingOutcome(stop.get().status(), startEpoch, stop.get().reason(), report());
            }
        }
        for (int epoch = startEpoch; epoch < spec.epochs(); epoch++) {
            Epoch e = new Epoch(epoch, epoch == startEpoch ? resume : Checkpoints.Partial.NONE);
            Optional<TrainingOutcome> ended = trainBatches(e).or(() -> endEpoch(e));
            if (ended.isPresent()) {
                return ended.get();
            }
        }
        if (last == null) {
            last = Trainer.evaluate(net, test, data.test());
        }
        return new TrainingOutcome(TrainingStatus.COMPLETED, spec.epochs(), "completed", report());
    }

    /** Where an epoch stands: its accumulators, started from a checkpoint's partial epoch or from nothing. */
    private final class Epoch {
        final int index;
        final Checkpoints.Partial from;
        final int[] order;
        final double plannedLr;
        final double earlierSeconds;
        final long start = System.nanoTime();
        double lossSum;
        long seen;
        double actualLr;
        double currentLr = Double.NaN;
        long dataWaitNanos;

        Epoch(int index, Checkpoints.Partial from) {
            this.index = index;
            this.from = from;
            this.order = train.order(spec.seed(), index);
            this.plannedLr = schedule.rate(index, (long) index * batches, batches);
            this.earlierSeconds = from.elapsedSeconds();
            this.lossSum = from.lossSum();
            this.seen = from.seen();
            this.actualLr = from.actualLr();
            probe.restore(from.correct(), from.seen());
        }

        double seconds() {
            return TrainingRun.seconds(start);
        }
    }

    /** The epoch's batches; an outcome when the run ends inside them (cancelled, aborted, stopped, diverged). */
    private Optional<TrainingOutcome> trainBatches(Epoch e) {
        for (int b = e.from.nextBatch(); b < batches; b++) {
            Optional<TrainingOutcome> interrupted = interruption(e, b);
            if (interrupted.isPresent()) {
                return interrupted;
            }
            double lr = schedule.rate(e.index, (long) e.index * batches + b, batches);
            if (lr != e.currentLr) {
                net.setLearningRate(lr);
                e.currentLr = lr;
            }
            if (b == 0) {
                e.actualLr = net.getLearningRate(ResNet.OUTPUT_LAYER);
            }
            long waitStart = System.nanoTime();
            DataSet batch = train.toDataSet(prefetcher.take(train, e.order, e.index, b, batches));
            e.dataWaitNanos += System.nanoTime() - waitStart;
            probe.expect(batch.getLabels());
            net.fit(batch);
            double loss = net.score();
            if (!Double.isFinite(loss)) {
                return Optional.of(diverged(e.index));
            }
            lastFiniteLoss = loss;
            e.lossSum += loss * batch.numExamples();
            e.seen += batch.numExamples();
            if ((b + 1) % PROGRESS_EVERY == 0) {
                monitor.onProgress(e.index, b + 1, batches, (e.seen - e.from.seen()) / e.seconds());
            }
        }
        return Optional.empty();
    }

    /** Before batch {@code b}: a cancel, an abort (lease lost: write nothing) or a stop (checkpoint here, resume here). */
    private Optional<TrainingOutcome> interruption(Epoch e, int b) {
        if (monitor.cancelRequested()) {
            return Optional.of(new TrainingOutcome(TrainingStatus.CANCELLED, e.index, "cancelled during epoch " + (e.index + 1), null));
        }
        if (monitor.abortRequested()) {
            return Optional.of(new TrainingOutcome(TrainingStatus.INTERRUPTED, e.index, "aborted during epoch " + (e.index + 1), null));
        }
        if (monitor.stopRequested()) {
            checkpoints.write(Checkpoints.of(net, e.index, new Checkpoints.Partial(b, e.lossSum, e.seen, probe.correct(), e.actualLr,
                    e.earlierSeconds + e.seconds(), lastFiniteLoss), spec.seed(), scheduleState()), null);
            return Optional.of(new TrainingOutcome(TrainingStatus.INTERRUPTED, e.index, "stopped at batch " + b + " of epoch "
                    + (e.index + 1) + "; resumes there from its checkpoint", null));
        }
        return Optional.empty();
    }

    /** Evaluates, records and checkpoints the epoch; an outcome when the run ends with it (diverged, stopped by a rule). */
    private Optional<TrainingOutcome> endEpoch(Epoch e) {
        double thisAttemptSeconds = e.seconds();
        double trainSeconds = e.earlierSeconds + thisAttemptSeconds;
        long evalStart = System.nanoTime();
        last = Trainer.evaluate(net, test, data.test());
        monitor.onTimings(new EpochTimings(e.index, thisAttemptSeconds, e.dataWaitNanos / 1e9, seconds(evalStart), data.test().size()));
        if (!Double.isFinite(last.loss())) {
            return Optional.of(diverged(e.index));
        }
        // a metric-driven schedule (reduce on plateau) sets the next epoch's rate from this one's validation metrics
        driven.ifPresent(d -> d.observe(e.index, last.loss(), last.accuracy()));
        EpochMetrics metrics = new EpochMetrics(e.index, e.plannedLr, e.actualLr, e.lossSum / e.seen, probe.accuracy(),
                last.loss(), last.accuracy(), e.earlierSeconds + e.seconds(), e.seen / trainSeconds);
        log.info("epoch {}/{}: lr {} loss {} acc {} val_loss {} val_acc {} ({} img/s)", e.index + 1, spec.epochs(),
                fmt(e.plannedLr), fmt(metrics.trainLoss()), fmt(metrics.trainAcc()), fmt(metrics.valLoss()), fmt(metrics.valAcc()),
                Math.round(metrics.imagesPerSecond()));
        // the epoch's metrics and the checkpoint that ends it are committed together
        checkpoints.write(Checkpoints.of(net, e.index + 1, Checkpoints.Partial.NONE, spec.seed(), scheduleState()), metrics);
        monitor.onEpoch(metrics);
        return monitor.afterEpoch(metrics).map(stop -> {
            log.info("stopped after epoch {}: {}", e.index + 1, stop.reason());
            return new TrainingOutcome(stop.status(), e.index + 1, stop.reason(), report());
        });
    }

    private ClassificationReport report() {
        return ClassificationReport.of(data.test().classes(), last.confusion());
    }

    private Map<String, String> scheduleState() {
        return driven.map(MetricDriven::state).orElse(Map.of());
    }

    private TrainingOutcome diverged(int epoch) {
        return new TrainingOutcome(TrainingStatus.DIVERGED, epoch, "loss became non-finite in epoch " + (epoch + 1)
                + "; last finite loss " + lastFiniteLoss, null);
    }

    private static double seconds(long startNanos) {
        return Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    }

    private static String fmt(double value) {
        return String.format("%.4g", value);
    }
}
