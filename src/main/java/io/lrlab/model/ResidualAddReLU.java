package io.lrlab.model;

import io.lrlab.kernel.ResidualAddVertex;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code max(branch + shortcut, 0)}, the end of He et al.'s basic block, as one vertex: the configuration of
 * {@link ResidualAddVertex} with its ReLU. A bean with a no-argument constructor, so DL4J's JSON configuration (and thus
 * checkpoints) can hold it. Networks built before it hold a {@link ResidualAdd} and an activation layer with
 * {@link FastReLU}, and still load and train as they were built.
 */
public class ResidualAddReLU extends ElementWiseVertex {

    public ResidualAddReLU() {
        super(Op.Add);
    }

    @Override
    public ResidualAddReLU clone() {
        return new ResidualAddReLU();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResidualAddReLU;
    }

    @Override
    public int hashCode() {
        return ResidualAddReLU.class.hashCode();
    }

    @Override
    public int maxVertexInputs() {
        return 2;
    }

    @Override
    public GraphVertex instantiate(ComputationGraph graph, String name, int idx, INDArray paramsView, boolean initializeParams,
                                   DataType networkDatatype) {
        return new ResidualAddVertex(graph, name, idx, networkDatatype, true);
    }
}
