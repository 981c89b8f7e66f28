package io.lrlab.training;

import io.lrlab.dataset.LabeledImages;
import io.lrlab.dataset.TrainTestData;
import io.lrlab.model.LayerHelpers;
import io.lrlab.model.ResNet;
import io.lrlab.schedule.LearningRateSchedule;
import io.lrlab.schedule.MetricDriven;
import io.lrlab.system.NativeBackend;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one network under one schedule, epoch by epoch: sets the scheduled rate before every batch, measures
 * train and test loss and accuracy, checkpoints at every epoch end (with the epoch's metrics), and resumes from the
 * last checkpoint.
 */
public final class Trainer {

    private static final Logger log = LoggerFactory.getLogger(Trainer.class);
    private static final int PROGRESS_EVERY = 10;

    static {
        NativeBackend.configure();
    }

    /**
     * @param checkpoints where the run keeps its latest checkpoint; a checkpoint already there is resumed. The last
     *                    one of a finished run holds the trained network.
     */
    public TrainingOutcome train(TrainingSpec spec, TrainTestData data, CheckpointStore checkpoints, TrainingMonitor monitor) {
        LabeledImages trainImages = data.train();
        ComputationGraph net;
        int startEpoch;
        Checkpoints.Partial resume = Checkpoints.Partial.NONE;
        Map<String, String> scheduleState = Map.of();
        var checkpoint = checkpoints.read(Checkpoints::read);
        if (checkpoint.isPresent()) {
            net = checkpoint.get().net();
            startEpoch = checkpoint.get().epochsCompleted();
            resume = checkpoint.get().partial();
            scheduleState = checkpoint.get().scheduleState();
            log.info("Resuming epoch {} at batch {} from its checkpoint", startEpoch + 1, resume.nextBatch());
        } else {
            net = new ResNet(spec.effectiveNetwork(), trainImages.height(), trainImages.width(), trainImages.channels(),
                    trainImages.classes().size()).init(spec.seed(), new ClassicMomentum(spec.schedule().initialLr(), spec.momentum()));
            startEpoch = 0;
        }
        try (Prefetcher prefetcher = new Prefetcher()) {
            return run(spec, data, net, startEpoch, resume, scheduleState, checkpoints, monitor, prefetcher);
        } finally {
            LayerHelpers.release(net);
            Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        }
    }

    private TrainingOutcome run(TrainingSpec spec, TrainTestData data, ComputationGraph net, int startEpoch,
                                Checkpoints.Partial resume, Map<String, String> scheduleState, CheckpointStore checkpoints,
                                TrainingMonitor monitor, Prefetcher prefetcher) {
        Batches train = new Batches(data.train(), spec.batchSize(), spec.augment(), spec.seed());
        Batches test = new Batches(data.test(), spec.batchSize());
        LearningRateSchedule schedule = spec.schedule().newSchedule();
        Optional<MetricDriven> driven = schedule.metricDriven();
        if (!scheduleState.isEmpty()) {
            driven.ifPresent(d -> d.restore(scheduleState));
        }
        TrainAccuracyProbe probe = new TrainAccuracyProbe();
        net.setListeners(probe);
        int n = train.count();
        Evaluation last = null;
        double lastFiniteLoss = resume.lastFiniteLoss();
        for (int epoch = startEpoch; epoch < spec.epochs(); epoch++) {
            Checkpoints.Partial from = epoch == startEpoch ? resume : Checkpoints.Partial.NONE;
            int[] order = train.order(spec.seed(), epoch);
            probe.restore(from.correct(), from.seen());
            double lossSum = from.lossSum();
            long seen = from.seen();
            double currentLr = Double.NaN;
            double plannedLr = schedule.rate(epoch, (long) epoch * n, n);
            double actualLr = from.actualLr();
            double earlierSeconds = from.elapsedSeconds();
            long start = System.nanoTime();
            long dataWaitNanos = 0;
            for (int b = from.nextBatch(); b < n; b++) {
                if (monitor.cancelRequested()) {
                    return new TrainingOutcome(TrainingStatus.CANCELLED, epoch, "cancelled during epoch " + (epoch + 1), null);
                }
                if (monitor.abortRequested()) {
                    return new TrainingOutcome(TrainingStatus.INTERRUPTED, epoch, "aborted during epoch " + (epoch + 1), null);
                }
                if (monitor.stopRequested()) {
                    checkpoints.write(Checkpoints.of(net, epoch, new Checkpoints.Partial(b, lossSum, seen, probe.correct(), actualLr,
                            earlierSeconds + seconds(start), lastFiniteLoss), spec.seed(), state(driven)), null);
                    return new TrainingOutcome(TrainingStatus.INTERRUPTED, epoch, "stopped at batch " + b + " of epoch " + (epoch + 1)
                            + "; resumes there from its checkpoint", null);
                }
                double lr = schedule.rate(epoch, (long) epoch * n + b, n);
                if (lr != currentLr) {
                    net.setLearningRate(lr);
                    currentLr = lr;
                }
                if (b == 0) {
                    actualLr = net.getLearningRate(ResNet.OUTPUT_LAYER);
                }
                long waitStart = System.nanoTime();
                DataSet batch = train.toDataSet(prefetcher.take(train, order, epoch, b, n));
                dataWaitNanos += System.nanoTime() - waitStart;
                probe.expect(batch.getLabels());
                net.fit(batch);
                double loss = net.score();
                if (!Double.isFinite(loss)) {
                    return diverged(epoch, lastFiniteLoss);
                }
                lastFiniteLoss = loss;
                lossSum += loss * batch.numExamples();
                seen += batch.numExamples();
                if ((b + 1) % PROGRESS_EVERY == 0) {
                    monitor.onProgress(epoch, b + 1, n, (seen - from.seen()) / seconds(start));
                }
            }
            double thisAttemptSeconds = seconds(start);
            double trainSeconds = earlierSeconds + thisAttemptSeconds;
            long evalStart = System.nanoTime();
            last = evaluate(net, test, data.test());
            monitor.onTimings(new EpochTimings(epoch, thisAttemptSeconds, dataWaitNanos / 1e9, seconds(evalStart), data.test().size()));
            if (!Double.isFinite(last.loss())) {
                return diverged(epoch, lastFiniteLoss);
            }
            // a metric-driven schedule (reduce on plateau) sets the next epoch's rate from this one's validation metrics
            if (driven.isPresent()) {
                driven.get().observe(epoch, last.loss(), last.accuracy());
            }
            EpochMetrics metrics = new EpochMetrics(epoch, plannedLr, actualLr, lossSum / seen, probe.accuracy(),
                    last.loss(), last.accuracy(), earlierSeconds + seconds(start), seen / trainSeconds);
            log.info("epoch {}/{}: lr {} loss {} acc {} val_loss {} val_acc {} ({} img/s)", epoch + 1, spec.epochs(),
                    fmt(plannedLr), fmt(metrics.trainLoss()), fmt(metrics.trainAcc()), fmt(metrics.valLoss()), fmt(metrics.valAcc()),
                    Math.round(metrics.imagesPerSecond()));
            // the epoch's metrics and the checkpoint that ends it are committed together
            checkpoints.write(Checkpoints.of(net, epoch + 1, Checkpoints.Partial.NONE, spec.seed(), state(driven)), metrics);
            monitor.onEpoch(metrics);
            var stop = monitor.afterEpoch(metrics);
            if (stop.isPresent()) {
                ClassificationReport report = ClassificationReport.of(data.test().classes(), last.confusion());
                log.info("stopped after epoch {}: {}", epoch + 1, stop.get().reason());
                return new TrainingOutcome(stop.get().status(), epoch + 1, stop.get().reason(), report);
            }
        }
        if (last == null) {
            last = evaluate(net, test, data.test());
        }
        ClassificationReport report = ClassificationReport.of(data.test().classes(), last.confusion());
        return new TrainingOutcome(TrainingStatus.COMPLETED, spec.epochs(), "completed", report);
    }

    private static Map<String, String> state(Optional<MetricDriven> driven) {
        return driven.map(MetricDriven::state).orElse(Map.of());
    }

    private static TrainingOutcome diverged(int epoch, double lastFiniteLoss) {
        return new TrainingOutcome(TrainingStatus.DIVERGED, epoch, "loss became non-finite in epoch " + (epoch + 1)
                + "; last finite loss " + lastFiniteLoss, null);
    }

    record Evaluation(double loss, double accuracy, long[][] confusion) {
    }

    /** Test loss (cross-entropy plus the L2 term, as Keras reports val_loss), accuracy and confusion matrix. */
    static Evaluation evaluate(ComputationGraph net, Batches batches, LabeledImages images) {
        int k = images.classes().size();
        long[][] confusion = new long[k][k];
        double crossEntropy = 0;
        long correct = 0;
        for (int b = 0; b < batches.count(); b++) {
            DataSet batch = batches.batch(null, b);
            INDArray out = net.outputSingle(false, batch.getFeatures());
            float[][] p = out.toFloatMatrix();
            int offset = b * batches.batchSizeHint();
            for (int i = 0; i < p.length; i++) {
                int actual = images.label(offset + i);
                int predicted = argMax(p[i]);
                confusion[actual][predicted]++;
                if (actual == predicted) {
                    correct++;
                }
                crossEntropy -= Math.log(Math.max(p[i][actual], 1e-12));
            }
        }
        double loss = crossEntropy / images.size() + net.calcRegularizationScore(true);
        return new Evaluation(loss, (double) correct / images.size(), confusion);
    }

    private static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double seconds(long startNanos) {
        return Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    }

    private static String fmt(double value) {
        return String.format("%.4g", value);
    }
}
