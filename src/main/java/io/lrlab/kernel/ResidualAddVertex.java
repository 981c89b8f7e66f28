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
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@code branch + shortcut}, or with {@code relu} {@code max(branch + shortcut, 0)} (He et al.'s basic block, whose ReLU
 * follows the add), with one pass forward, in place in training, and, backward, one copy per stage instead of DL4J's
 * two per add (and, with the ReLU, one masking pass instead of an activation layer's copy forward and copy and mask
 * backward).
 *
 * <p>Backward, both inputs receive the same gradient array. DL4J adds later gradients for a vertex into the first
 * array it received, in place; that is safe here because in a residual module the only input that has other
 * consumers is the shortcut, and those consumers (the reference module's first batch norm, a basic block's first
 * convolution) lie upstream of the branch's last layer (the reference module's last convolution, a basic block's second
 * batch norm), so reverse topological order has that layer read the array before anything is added to it.
 *
 * <p>That array is the residual stream's gradient, and it flows down a whole stage: each identity module's add
 * receives, as its own incoming gradient, the array the add after it handed down, with the module's batch-norm gradient
 * added in. why not DL4J's workspaces for it: DL4J M2.1 closes each vertex's activation-gradient workspace as soon as
 * that vertex's inputs are done, which would free the array while the modules further down still read it. So the
 * stage's last add copies its incoming gradient once into a buffer of its own outside the workspaces, kept from step
 * to step, and every add below it, whose incoming gradient is then that detached buffer, hands it on without a copy.
 * With the ReLU, the incoming gradient is masked where the sum was clipped on its way: into the stage's buffer when it
 * is copied there, in place when it already is that buffer. The mask is read from the vertex's own output, which lives
 * in the step's activation workspace until the step's backward pass ends and which nothing writes over: its readers
 * (the next block's first convolution, its shortcut, the pool) only read it. {@code ResidualAddTest} checks the
 * gradients against DL4J's own vertex (and activation layer) over several steps. Other shapes fall back to DL4J's code.
 */
public class ResidualAddVertex extends ElementWiseVertex {

    /** The stage's residual-stream gradient, when this is the stage's last add; reused from step to step. */
    private INDArray stream;
    /** Whether a ReLU follows the add. */
    private final boolean relu;
    /** oneDNN's add for the length last seen, built again when it changes (an epoch's last batch, evaluation's). */
    private OneDnnAdd adder;
    /** oneDNN's ReLU backward, likewise. */
    private OneDnnReluGradient reluGradient;
    /** With the ReLU: the output of the last training forward pass, whose positive entries pass the gradient back. */
    private INDArray output;

    public ResidualAddVertex(ComputationGraph graph, String name, int vertexIndex, DataType dataType) {
        this(graph, name, vertexIndex, dataType, false);
    }

    public ResidualAddVertex(ComputationGraph graph, String name, int vertexIndex, DataType dataType, boolean relu) {
        super(graph, name, vertexIndex, Op.Add, dataType);
        this.relu = relu;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray result;
        if (plainPair()) {
            INDArray branch = inputs[0];
            result = inPlace(branch, workspaceMgr) ? branch
                    : workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, branch.shape());
            add(branch, inputs[1], result);
        } else {
            result = super.doForward(training, workspaceMgr);
            if (relu) {
                Transforms.relu(result, false);
            }
        }
        output = relu && training ? result : null;
        return result;
    }

    /** {@code sum = a + b}, then the ReLU: oneDNN's kernel on the CPU backend ({@link OneDnnAdd}), ND4J's elsewhere. */
    private void add(INDArray a, INDArray b, INDArray sum) {
        Optional<OneDnn> dnn = OneDnn.get();
        if (dnn.isEmpty() || dataType != DataType.FLOAT || !OneDnn.isDense(a) || !OneDnn.isDense(b) || !OneDnn.isDense(sum)) {
            Nd4j.exec(new AddOp(a, b, sum));
            if (relu) {
                Transforms.relu(sum, false);
            }
            return;
        }
        if (adder == null || adder.length != sum.length()) {
            closeAdder();
            adder = new OneDnnAdd(dnn.get(), sum.length(), relu);
        }
        adder.run(OneDnn.address(a), OneDnn.address(b), OneDnn.address(sum));
    }

    /** {@code gradient = incoming where output > 0, else 0}: oneDNN's kernel on the CPU backend, ND4J's elsewhere. */
    private void mask(INDArray incoming, INDArray gradient) {
        Optional<OneDnn> dnn = OneDnn.get();
        if (dnn.isEmpty() || dataType != DataType.FLOAT || !OneDnn.isDense(output) || !OneDnn.isDense(incoming)
                || !OneDnn.isDense(gradient)) {
            Nd4j.exec(DynamicCustomOp.builder("relu_bp").addInputs(output, incoming).addOutputs(gradient)
                    .addFloatingPointArguments(0.0).build());
            return;
        }
        if (reluGradient == null || reluGradient.length != gradient.length()) {
            closeReluGradient();
            reluGradient = new OneDnnReluGradient(dnn.get(), gradient.length());
        }
        reluGradient.run(OneDnn.address(output), OneDnn.address(incoming), OneDnn.address(gradient));
    }

    /** Frees the vertex's native primitives and drops its stage buffer now; the next pass builds them again. */
    void release() {
        closeAdder();
        closeReluGradient();
        stream = null;
        output = null;
    }

    private void closeAdder() {
        if (adder != null) {
            adder.close();
            adder = null;
        }
    }

    private void closeReluGradient() {
        if (reluGradient != null) {
            reluGradient.close();
            reluGradient = null;
        }
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (relu && epsilon != null) {
            if (output == null || !output.equalShapes(epsilon)) {
                throw new IllegalStateException("vertex " + getVertexName() + ": a backward pass without its training forward pass");
            }
        }
        if (!plainPair() || epsilon == null) {
            if (relu && epsilon != null) {
                INDArray masked = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), epsilon.shape());
                mask(epsilon, masked);
                epsilon = masked;
            }
            output = null;
            return super.doBackward(tbptt, workspaceMgr);
        }
        // detached: the stream buffer of an add further down the stage
        INDArray gradient = epsilon.isAttached() ? stream(epsilon) : epsilon;
        if (relu) {
            mask(epsilon, gradient);
        } else if (gradient != epsilon) {
            gradient.assign(epsilon);
        }
        output = null;
        return new Pair<>(null, new INDArray[] {gradient, gradient});
    }

    /** This add's stage buffer, shaped like {@code gradient}; its values are the caller's to write. */
    private INDArray stream(INDArray gradient) {
        if (stream == null || stream.dataType() != gradient.dataType() || !Arrays.equals(stream.shape(), gradient.shape())) {
            try (MemoryWorkspace none = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                stream = Nd4j.createUninitialized(gradient.dataType(), gradient.shape(), 'c');
            }
        }
        return stream;
    }

    /**
     * The sum may overwrite the branch's output (the last convolution's or batch norm's, read by nothing else, its
     * backward pass needing only its input) when that output already lives where this vertex's output must: in training, the one workspace
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
