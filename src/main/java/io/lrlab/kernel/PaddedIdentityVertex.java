package io.lrlab.kernel;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The option A shortcut: the input subsampled by {@code stride} and its channels set in the middle of {@code channels}
 * zero channels; backward, the gradient of those middle channels scattered back onto the pixels that were kept.
 * Works on channels-last ({@code [n, h, w, c]}) and channels-first activations alike.
 */
public class PaddedIdentityVertex extends BaseGraphVertex {

    private final int channels;
    private final int stride;
    private final boolean last;

    public PaddedIdentityVertex(ComputationGraph graph, String name, int vertexIndex, int channels, int stride, CNN2DFormat format,
                                DataType dataType) {
        super(graph, name, vertexIndex, null, null, dataType);
        this.channels = channels;
        this.stride = stride;
        this.last = format == CNN2DFormat.NHWC;
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray in = inputs[0];
        long[] shape = last
                ? new long[] {in.size(0), reduced(in.size(1)), reduced(in.size(2)), channels}
                : new long[] {in.size(0), channels, reduced(in.size(2)), reduced(in.size(3))};
        INDArray out = workspaceMgr.create(ArrayType.ACTIVATIONS, in.dataType(), shape, 'c');
        out.get(middle(out, last, inChannels(in, last))).assign(in.get(kept(in, last)));
        return out;
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        INDArray in = inputs[0];
        INDArray gradient = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), in.shape(), 'c');
        gradient.get(kept(in, last)).assign(epsilon.get(middle(epsilon, last, inChannels(in, last))));
        return new Pair<>(null, new INDArray[] {gradient});
    }

    private long reduced(long size) {
        return (size + stride - 1) / stride;
    }

    private static long inChannels(INDArray in, boolean last) {
        return last ? in.size(3) : in.size(1);
    }

    private INDArrayIndex[] kept(INDArray in, boolean last) {
        INDArrayIndex rows = NDArrayIndex.interval(0, stride, last ? in.size(1) : in.size(2));
        INDArrayIndex cols = NDArrayIndex.interval(0, stride, last ? in.size(2) : in.size(3));
        return last
                ? new INDArrayIndex[] {NDArrayIndex.all(), rows, cols, NDArrayIndex.all()}
                : new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.all(), rows, cols};
    }

    private INDArrayIndex[] middle(INDArray out, boolean last, long inChannels) {
        long before = (channels - inChannels) / 2;
        INDArrayIndex band = NDArrayIndex.interval(before, before + inChannels);
        return last
                ? new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), band}
                : new INDArrayIndex[] {NDArrayIndex.all(), band, NDArrayIndex.all(), NDArrayIndex.all()};
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException("PaddedIdentity has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState, int minibatchSize) {
        return new Pair<>(maskArrays == null ? null : maskArrays[0], currentMaskState);
    }

    @Override
    public String toString() {
        return "PaddedIdentityVertex(" + vertexName + ", channels=" + channels + ", stride=" + stride + ")";
    }
}
