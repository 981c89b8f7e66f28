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
 * Batch normalisation without a ReLU after it, on lrlab's kernels: the configuration of {@link FusedBatchNormLayer}
 * without its ReLU. why not DL4J's {@code BatchNormalization}: in inference the convolution before this layer applies
 * it (one pass over the activation fewer), and DL4J's layer converts its stored log10 standard deviation into a
 * variance on every call, training included. A bean with a no-argument constructor, so DL4J's JSON configuration (and
 * thus checkpoints) can hold it; networks built before it hold DL4J's layer and still load.
 */
public class FoldableBatchNorm extends BatchNormalization {

    public FoldableBatchNorm() {
        super();
    }

    public static FoldableBatchNorm of(double eps, double decay) {
        FoldableBatchNorm layer = new FoldableBatchNorm();
        layer.setEps(eps);
        layer.setDecay(decay);
        return layer;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        return LayerWiring.wire(new FusedBatchNormLayer(conf, networkDataType, false), this, conf, listeners, layerIndex, paramsView,
                initializeParams);
    }
}
