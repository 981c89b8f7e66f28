package io.lrlab.kernel;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's updater for a {@link ComputationGraph}, kept on its standard path.
 *
 * <p>why: {@code ComputationGraphUpdater.update} takes its "external gradient" path, meant for applying one network's
 * gradient to another, unless the gradient it is handed is the very array of the network's flattened gradients; and in
 * DL4J 1.0.0-M2.1 {@code DefaultGradient.gradient()} returns a new reshaped view of that array on every call. So every
 * step took the external path, which cuts new views of the whole parameter and gradient vectors for every parameter of
 * the network, twice (before and after the updater), and new minibatch subsets: 4% of the training thread's time on
 * the reference network (async-profiler, {@code UpdaterBlock.applyRegularizationAllVariables}). When the gradient lies
 * in the network's own flattened gradients, as a graph's always does, this updater hands over that array itself; the
 * arithmetic is the same, on the same memory.
 */
final class FlatGradientUpdater extends ComputationGraphUpdater {

    private long standardUpdates;

    private FlatGradientUpdater(ComputationGraph graph, INDArray state) {
        super(graph, state);
    }

    /** Replaces {@code net}'s updater by one of these over the same state (momentum and the like, as loaded or trained). */
    static void install(ComputationGraph net) {
        if (!(net.getUpdater() instanceof FlatGradientUpdater)) {
            net.setUpdater(new FlatGradientUpdater(net, net.getUpdater().getStateViewArray()));
        }
    }

    @Override
    public synchronized void update(Gradient gradient, int iteration, int epoch, int batchSize, LayerWorkspaceMgr workspaceMgr) {
        INDArray own = getFlattenedGradientsView();
        if (sameArray(gradient.gradient(), own)) {
            gradient = new Flattened(gradient, own);
            standardUpdates++;
        }
        super.update(gradient, iteration, epoch, batchSize, workspaceMgr);
    }

    /** How many updates went through the standard path. */
    long standardUpdates() {
        return standardUpdates;
    }

    /** The same elements in the same memory: one array and a reshaped view of it. */
    private static boolean sameArray(INDArray a, INDArray b) {
        return a != null && b != null && a.length() == b.length() && a.dataType() == b.dataType()
                && OneDnn.isDense(a) && OneDnn.isDense(b)
                && OneDnn.address(a).address() == OneDnn.address(b).address();
    }

    /** {@code gradient} whose flattened array is {@code flattened} itself. */
    private record Flattened(Gradient delegate, INDArray flattened) implements Gradient {

        @Override
        public INDArray gradient() {
            return flattened;
        }

        @Override
        public Map<String, INDArray> gradientForVariable() {
            return delegate.gradientForVariable();
        }

        @Override
        public INDArray gradient(List<String> order) {
            return delegate.gradient(order);
        }

        @Override
        public void clear() {
            delegate.clear();
        }

        @Override
        public INDArray getGradientFor(String variable) {
            return delegate.getGradientFor(variable);
        }

        @Override
        public INDArray setGradientFor(String variable, INDArray value) {
            return delegate.setGradientFor(variable, value);
        }

        @Override
        public INDArray setGradientFor(String variable, INDArray value, Character flatteningOrder) {
            return delegate.setGradientFor(variable, value, flatteningOrder);
        }

        @Override
        public Character flatteningOrderForVariable(String variable) {
            return delegate.flatteningOrderForVariable(variable);
        }
    }
}
