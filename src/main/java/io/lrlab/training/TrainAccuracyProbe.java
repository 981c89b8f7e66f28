package io.lrlab.training;

import io.lrlab.model.ResNet;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Counts correct predictions during training from the forward pass that {@code fit} already makes.
 * why: DL4J does not hand the output layer's activations to listeners, but it does hand the pooled features;
 * the dense layer on top is one small matrix product, far cheaper than a second forward pass.
 */
final class TrainAccuracyProbe extends BaseTrainingListener {

    private INDArray labels;
    private long correct;
    private long seen;

    void expect(INDArray batchLabels) {
        this.labels = batchLabels;
    }

    void reset() {
        restore(0, 0);
    }

    /** Continues the counts of an epoch interrupted and resumed from a checkpoint. */
    void restore(long correctSoFar, long seenSoFar) {
        correct = correctSoFar;
        seen = seenSoFar;
    }

    long correct() {
        return correct;
    }

    double accuracy() {
        return seen == 0 ? Double.NaN : (double) correct / seen;
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        INDArray pooled = activations.get(ResNet.POOL_LAYER);
        if (pooled == null || labels == null) {
            return;
        }
        ComputationGraph net = (ComputationGraph) model;
        INDArray w = net.getParam(ResNet.OUTPUT_LAYER + "_W");
        INDArray b = net.getParam(ResNet.OUTPUT_LAYER + "_b");
        INDArray logits = pooled.reshape(pooled.size(0), w.size(0)).mmul(w).addiRowVector(b);
        long[] predicted = logits.argMax(1).toLongVector();
        long[] actual = labels.argMax(1).toLongVector();
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == actual[i]) {
                correct++;
            }
        }
        seen += predicted.length;
    }
}
