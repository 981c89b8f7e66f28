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
 * The configuration of a {@link FusedBatchNormLayer}, batch normalisation on lrlab's kernels, with a ReLU after it
 * ({@link BatchNormReLU}) or without ({@link FoldableBatchNorm}). Each subclass is a bean of its own, so DL4J's JSON
 * configuration (and thus checkpoints) names which one a network holds.
 */
public abstract class FusedBatchNorm extends BatchNormalization {

    FusedBatchNorm() {
        super();
    }

    /** Whether a ReLU follows the normalisation. */
    abstract boolean relu();

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        return LayerWiring.wire(new FusedBatchNormLayer(conf, networkDataType, relu()), this, conf, listeners, layerIndex,
                paramsView, initializeParams);
    }

    /**
     * Equal to a configuration of the same class with the same settings: with and without the ReLU stay distinct, and
     * so do DL4J's batch norm and this (both ways round: DL4J's equality asks {@link #canEqual}).
     */
    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && super.equals(o);
    }

    @Override
    protected boolean canEqual(Object other) {
        return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + getClass().hashCode();
    }
}
