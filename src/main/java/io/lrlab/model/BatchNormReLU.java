package io.lrlab.model;

import io.lrlab.kernel.FusedBatchNormLayer;
import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation followed by ReLU, as one layer: the configuration of {@link FusedBatchNormLayer}.
 *
 * <p>why: as two DL4J layers the pair costs four extra full-tensor passes per training step (the activation layer's
 * copy forward and backward, the ReLU and its derivative); the pre-activation ResNet has one such pair in front of
 * every convolution. Fused, the ReLU costs no pass of its own: it is applied inside the normalisation pass and as a
 * mask inside batch norm's backward loop.
 * A bean with a no-argument constructor, so DL4J's JSON configuration (and thus checkpoints) can hold it.
 */
public class BatchNormReLU extends BatchNormalization {

    public BatchNormReLU() {
        super();
    }

    public static BatchNormReLU of(double eps, double decay) {
        BatchNormReLU layer = new BatchNormReLU();
        layer.setEps(eps);
        layer.setDecay(decay);
        return layer;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        return LayerWiring.wire(new FusedBatchNormLayer(conf, networkDataType, true), this, conf, listeners, layerIndex, paramsView, initializeParams);
    }
}
