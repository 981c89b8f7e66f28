package io.lrlab.training;

import io.lrlab.dataset.LabeledImages;
import io.lrlab.dataset.TrainTestData;
import io.lrlab.kernel.LayerHelpers;
import io.lrlab.model.ResNet;
import io.lrlab.system.NativeBackend;
import java.util.Map;
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
            return new TrainingRun(spec, data, net, scheduleState, checkpoints, monitor, prefetcher).from(startEpoch, resume);
        } finally {
            LayerHelpers.release(net);
            Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        }
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

}
