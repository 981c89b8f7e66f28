package io.lrlab.model;

import io.lrlab.kernel.ResidualAddVertex;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The sum of a residual branch and its shortcut: the configuration of {@link ResidualAddVertex}. A bean with a
 * no-argument constructor, so DL4J's JSON configuration (and thus checkpoints) can hold it.
 */
public class ResidualAdd extends ElementWiseVertex {

    public ResidualAdd() {
        super(Op.Add);
    }

    @Override
    public ResidualAdd clone() {
        return new ResidualAdd();
    }

    /** Whether a ReLU follows the add ({@link ResidualAddReLU}). */
    boolean relu() {
        return false;
    }

    /** Equal to another configuration of the same class: the class is all a configuration holds. */
    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }

    @Override
    public int maxVertexInputs() {
        return 2;
    }

    @Override
    public GraphVertex instantiate(ComputationGraph graph, String name, int idx, INDArray paramsView, boolean initializeParams,
                                   DataType networkDatatype) {
        return new ResidualAddVertex(graph, name, idx, networkDatatype, relu());
    }
}
