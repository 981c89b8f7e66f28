package io.lrlab.model;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns the images lrlab feeds in ({@code [batch, channels, height, width]}) into channels-last activations
 * ({@code [batch, height, width, channels]}), and the gradient back; every layer after it then runs in NHWC.
 *
 * <p>why: in NHWC a 1x1 convolution is one matrix product and oneDNN's AVX2/AVX-512 kernels read whole vectors of
 * channels; measured on this network's shapes, its channels-first kernels run at a third to a half of the speed.
 * One copy of the input (3 channels) per step is the price. A bean, so DL4J's JSON configuration can hold it.
 */
public class ChannelsLast implements InputPreProcessor {

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, input.permute(0, 2, 3, 1), 'c');
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        return workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, output.permute(0, 3, 1, 2), 'c');
    }

    @Override
    public ChannelsLast clone() {
        return new ChannelsLast();
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeConvolutional conv) || conv.getFormat() != CNN2DFormat.NCHW) {
            throw new IllegalArgumentException("ChannelsLast takes channels-first images, not " + inputType);
        }
        return InputType.convolutional(conv.getHeight(), conv.getWidth(), conv.getChannels(), CNN2DFormat.NHWC);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
        return new Pair<>(maskArray, currentMaskState);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelsLast;
    }

    @Override
    public int hashCode() {
        return ChannelsLast.class.hashCode();
    }
}
