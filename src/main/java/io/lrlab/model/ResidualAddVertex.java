package io.lrlab.model;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.impl.ElementWiseVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code branch + shortcut} with one pass forward and one copy backward, where DL4J's add vertex makes two of each.
 *
 * <p>Backward, both inputs receive the same gradient array. DL4J adds later gradients for a vertex into the first
 * array it received, in place; that is safe here because in a residual module the only input that has other
 * consumers is the shortcut, and those consumers (the module's first batch norm) lie upstream of the branch's last
 * convolution, so reverse topological order has that convolution read the array before anything is added to it.
 * {@code ResidualAddTest} checks the gradients against DL4J's own vertex. Other shapes fall back to DL4J's code.
 */
class ResidualAddVertex extends ElementWiseVertex {

    ResidualAddVertex(ComputationGraph graph, String name, int vertexIndex, DataType dataType) {
        super(graph, name, vertexIndex, Op.Add, dataType);
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!plainPair()) {
            return super.doForward(training, workspaceMgr);
        }
        INDArray sum = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, inputs[0].shape());
        Nd4j.exec(new AddOp(inputs[0], inputs[1], sum));
        return sum;
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!plainPair() || epsilon == null) {
            return super.doBackward(tbptt, workspaceMgr);
        }
        INDArray gradient = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsilon);
        return new Pair<>(null, new INDArray[] {gradient, gradient});
    }

    /** Two inputs of one shape and the network's data type: no broadcasting, no casts. */
    private boolean plainPair() {
        return inputs != null && inputs.length == 2 && inputs[0] != null && inputs[1] != null
                && inputs[0].equalShapes(inputs[1]) && inputs[0].dataType() == dataType && inputs[1].dataType() == dataType;
    }
}
