package io.lrlab.kernel;

import java.util.Arrays;
import java.util.Optional;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.impl.ElementWiseVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code branch + shortcut} with one pass forward, in place in training, and, backward, one copy per stage instead of
 * DL4J's two per add.
 *
 * <p>Backward, both inputs receive the same gradient array. DL4J adds later gradients for a vertex into the first
 * array it received, in place; that is safe here because in a residual module the only input that has other
 * consumers is the shortcut, and those consumers (the module's first batch norm) lie upstream of the branch's last
 * convolution, so reverse topological order has that convolution read the array before anything is added to it.
 *
 * <p>That array is the residual stream's gradient, and it flows down a whole stage: each identity module's add
 * receives, as its own incoming gradient, the array the add after it handed down, with the module's batch-norm gradient
 * added in. why not DL4J's workspaces for it: DL4J M2.1 closes each vertex's activation-gradient workspace as soon as
 * that vertex's inputs are done, which would free the array while the modules further down still read it. So the
 * stage's last add copies its incoming gradient once into a buffer of its own outside the workspaces, kept from step
 * to step, and every add below it, whose incoming gradient is then that detached buffer, hands it on without a copy.
 * {@code ResidualAddTest} checks the gradients against DL4J's own vertex over several steps. Other shapes fall back to
 * DL4J's code.
 */
public class ResidualAddVertex extends ElementWiseVertex {

    /** The stage's residual-stream gradient, when this is the stage's last add; reused from step to step. */
    private INDArray stream;
    /** oneDNN's add for the length last seen, built again when it changes (an epoch's last batch, evaluation's). */
    private OneDnnAdd adder;

    public ResidualAddVertex(ComputationGraph graph, String name, int vertexIndex, DataType dataType) {
        super(graph, name, vertexIndex, Op.Add, dataType);
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!plainPair()) {
            return super.doForward(training, workspaceMgr);
        }
        INDArray branch = inputs[0];
        INDArray sum = inPlace(branch, workspaceMgr) ? branch
                : workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, branch.shape());
        add(branch, inputs[1], sum);
        return sum;
    }

    /** {@code sum = a + b}: oneDNN's kernel on the CPU backend ({@link OneDnnAdd}), ND4J's elsewhere. */
    private void add(INDArray a, INDArray b, INDArray sum) {
        Optional<OneDnn> dnn = OneDnn.get();
        if (dnn.isEmpty() || dataType != DataType.FLOAT || !OneDnn.isDense(a) || !OneDnn.isDense(b) || !OneDnn.isDense(sum)) {
            Nd4j.exec(new AddOp(a, b, sum));
            return;
        }
        if (adder == null || adder.length != sum.length()) {
            release();
            adder = new OneDnnAdd(dnn.get(), sum.length());
        }
        adder.run(OneDnn.address(a), OneDnn.address(b), OneDnn.address(sum));
    }

    /** Frees the add's native primitive now; the next pass builds it again. */
    void release() {
        if (adder != null) {
            adder.close();
            adder = null;
        }
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!plainPair() || epsilon == null) {
            return super.doBackward(tbptt, workspaceMgr);
        }
        // detached: the stream buffer of an add further down the stage
        INDArray gradient = epsilon.isAttached() ? copyToStream(epsilon) : epsilon;
        return new Pair<>(null, new INDArray[] {gradient, gradient});
    }

    private INDArray copyToStream(INDArray gradient) {
        if (stream == null || stream.dataType() != gradient.dataType() || !Arrays.equals(stream.shape(), gradient.shape())) {
            try (MemoryWorkspace none = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                stream = Nd4j.createUninitialized(gradient.dataType(), gradient.shape(), 'c');
            }
        }
        return stream.assign(gradient);
    }

    /**
     * The sum may overwrite the branch's output (the last convolution's, read by nothing else, its backward pass needing
     * only its input) when that output already lives where this vertex's output must: in training, the one workspace
     * that holds every activation of the step. why: a second array per add is 0.5 GB of the reference network's
     * activations, and a pass over memory that is already in cache. Elsewhere (inference's per-vertex workspaces,
     * detached arrays) the sum gets an array of its own.
     */
    private static boolean inPlace(INDArray branch, LayerWorkspaceMgr workspaceMgr) {
        if (!branch.isAttached() || branch.isView() || branch.ordering() != 'c' || workspaceMgr.isScopedOut(ArrayType.ACTIVATIONS)) {
            return false;
        }
        MemoryWorkspace home = branch.data().getParentWorkspace();
        return home != null && home.getId().equals(workspaceMgr.getWorkspaceName(ArrayType.ACTIVATIONS)) && home.isScopeActive();
    }

    /** Two inputs of one shape and the network's data type: no broadcasting, no casts. */
    private boolean plainPair() {
        return inputs != null && inputs.length == 2 && inputs[0] != null && inputs[1] != null
                && inputs[0].equalShapes(inputs[1]) && inputs[0].dataType() == dataType && inputs[1].dataType() == dataType;
    }
}
