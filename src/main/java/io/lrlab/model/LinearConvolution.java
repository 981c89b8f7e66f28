package io.lrlab.model;

import io.lrlab.kernel.LinearConvolutionLayer;
import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 2-D convolution without bias or activation: the configuration of {@link LinearConvolutionLayer}, which spares
 * the backward pass the forward convolution DL4J would run again. A bean with a no-argument constructor, so DL4J's
 * JSON configuration (and thus checkpoints) can hold it.
 */
public class LinearConvolution extends ConvolutionLayer {

    public LinearConvolution() {
        super();
    }

    private LinearConvolution(ConvolutionLayer.Builder builder) {
        super(builder);
    }

    public static LinearConvolution of(int filters, int kernel, int stride, double l2) {
        return of(filters, kernel, stride, 0, l2);
    }

    /** @param padding for the Truncate mode; the Same mode computes its own */
    public static LinearConvolution of(int filters, int kernel, int stride, int padding, double l2) {
        ConvolutionLayer.Builder builder = new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride)
                .padding(padding, padding).nOut(filters)
                .hasBias(false).activation(Activation.IDENTITY).l2(l2);
        // build() validates kernel, stride and padding; the layer itself is made from the same builder
        builder.build();
        return new LinearConvolution(builder);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        return LayerWiring.wire(new LinearConvolutionLayer(conf, networkDataType), this, conf, listeners, layerIndex, paramsView, initializeParams);
    }
}
