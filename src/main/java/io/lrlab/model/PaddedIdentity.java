package io.lrlab.model;

import io.lrlab.kernel.PaddedIdentityVertex;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * He et al.'s option A shortcut where a stage halves the resolution and widens the channels: every second pixel of
 * every second row, its channels placed in the middle of {@code channels} zero channels (as the common PyTorch
 * reproduction pads, half before and half after). No parameters, so ResNet-20's count is 269,722.
 * The configuration of {@link PaddedIdentityVertex}; a bean with a no-argument constructor, so DL4J's JSON
 * configuration (and thus checkpoints) can hold it.
 */
public class PaddedIdentity extends GraphVertex {

    private int channels;
    private int stride;
    private CNN2DFormat format = CNN2DFormat.NCHW;

    public PaddedIdentity() {
    }

    public PaddedIdentity(int channels, int stride, CNN2DFormat format) {
        this.channels = channels;
        this.stride = stride;
        this.format = format;
    }

    public CNN2DFormat getFormat() {
        return format;
    }

    public void setFormat(CNN2DFormat format) {
        this.format = format;
    }

    public int getChannels() {
        return channels;
    }

    public void setChannels(int channels) {
        this.channels = channels;
    }

    public int getStride() {
        return stride;
    }

    public void setStride(int stride) {
        this.stride = stride;
    }

    @Override
    public PaddedIdentity clone() {
        return new PaddedIdentity(channels, stride, format);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PaddedIdentity p && p.channels == channels && p.stride == stride && p.format == format;
    }

    @Override
    public int hashCode() {
        return (31 * channels + stride) * 31 + format.hashCode();
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 1;
    }

    @Override
    public int maxVertexInputs() {
        return 1;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx, INDArray paramsView,
                                                                      boolean initializeParams, DataType networkDatatype) {
        return new PaddedIdentityVertex(graph, name, idx, channels, stride, format, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 1 || !(vertexInputs[0] instanceof InputType.InputTypeConvolutional in)) {
            throw new InvalidInputTypeException("PaddedIdentity takes one convolutional input");
        }
        if (in.getChannels() > channels || (channels - in.getChannels()) % 2 != 0) {
            throw new InvalidInputTypeException("PaddedIdentity pads " + in.getChannels() + " channels to " + channels
                    + ": it needs an even number of new channels");
        }
        long height = (in.getHeight() + stride - 1) / stride;
        long width = (in.getWidth() + stride - 1) / stride;
        return InputType.convolutional(height, width, channels, in.getFormat());
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType out = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(null, PaddedIdentity.class, inputTypes[0], out)
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    @Override
    public String toString() {
        return "PaddedIdentity(channels=" + channels + ", stride=" + stride + ")";
    }
}
