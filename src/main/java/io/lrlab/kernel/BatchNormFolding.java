package io.lrlab.kernel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.nd4j.linalg.activations.impl.ActivationIdentity;

/**
 * Folds each batch norm (+ ReLU) that directly follows a convolution into that convolution, for inference: the
 * convolution writes {@code relu(conv * scale + shift)} (or {@code conv * scale + shift}, {@link FoldedConvolution})
 * and the batch norm hands it on untouched. In the reference network that is the second and third batch norm of each
 * bottleneck module and the first module's first, which reads the stem convolution: 55 of its 82. The other first ones
 * read a residual add. In He et al.'s networks it is every batch norm: the stem's and each block's first (with ReLU)
 * and second (without, read by the add).
 *
 * <p>A pair qualifies where the convolution is an lrlab {@link LinearConvolutionLayer} on oneDNN with the identity
 * activation, channels-last, whose only consumer is the batch norm; and the batch norm is a {@link FusedBatchNormLayer}
 * on lrlab's fused kernels, channels-last, whose only input is the convolution. Training never takes this path (its
 * backward pass needs both outputs), nor do DL4J's {@code feedForward} calls, which keep every activation and would
 * show the convolution's as the batch norm's; the convolution checks that at run time.
 *
 * <p>In bfloat16, a folded convolution whose batch norm's readers are all folded convolutions writes bfloat16, which
 * they read as it is (in He et al.'s blocks, the first convolution's output, read by the second); the others write
 * float.
 *
 * <p>The folded outputs live outside DL4J's workspaces, in {@link FoldedOutputBuffer}s shared by convolutions in turn:
 * a convolution takes a buffer whose last writer's readers (the batch norm's consumers) all run before it, which in
 * a chain of modules is one of two (three in the reference network: the stem's output is read by a module's shortcut).
 */
final class BatchNormFolding {

    private BatchNormFolding() {
    }

    /** @return the names of the batch norms now folded into their convolution, in topological order; none with {@code lrlab.kernels.fold-batch-norm=false} */
    static List<String> link(ComputationGraph net) {
        return link(net, true);
    }

    /**
     * As {@link #link(ComputationGraph)}; with {@code bf16Between} false, every folded convolution writes float, as
     * before bfloat16 outputs existed ({@code FoldedBf16Benchmark} compares the two).
     */
    static List<String> link(ComputationGraph net, boolean bf16Between) {
        if (!KernelSwitches.foldBatchNorm()) {
            return List.of();
        }
        Map<String, List<String>> inputsOf = net.getConfiguration().getVertexInputs();
        Map<String, List<String>> consumersOf = new HashMap<>();
        inputsOf.forEach((vertex, inputs) -> inputs.forEach(in -> consumersOf.computeIfAbsent(in, k -> new ArrayList<>()).add(vertex)));
        List<Slot> slots = new ArrayList<>();
        List<Fold> folds = new ArrayList<>();
        GraphVertex[] vertices = net.getVertices();
        for (int index : net.topologicalSortOrder()) {
            GraphVertex vertex = vertices[index];
            if (!(vertex.hasLayer() && vertex.getLayer() instanceof FusedBatchNormLayer bn) || !bn.foldable()) {
                continue;
            }
            String bnName = vertex.getVertexName();
            List<String> inputs = inputsOf.get(bnName);
            if (inputs == null || inputs.size() != 1 || !(vertex instanceof LayerVertex bnVertex) || bnVertex.getLayerPreProcessor() != null) {
                continue;
            }
            String convName = inputs.get(0);
            GraphVertex convVertex = net.getVertex(convName);
            if (!foldable(convVertex) || !List.of(bnName).equals(consumersOf.get(convName))) {
                continue;
            }
            Set<String> before = ancestors(convName, inputsOf);
            Slot slot = slots.stream().filter(s -> before.containsAll(s.readers)).findFirst().orElseGet(() -> {
                Slot created = new Slot(new FoldedOutputBuffer());
                slots.add(created);
                return created;
            });
            slot.readers = consumersOf.getOrDefault(bnName, List.of());
            folds.add(new Fold(convName, bnName, (LinearConvolutionLayer) convVertex.getLayer(), bn, slot.buffer));
        }
        Set<String> foldedConvolutions = new HashSet<>();
        folds.forEach(fold -> foldedConvolutions.add(fold.convName));
        for (Fold fold : folds) {
            List<String> readers = consumersOf.getOrDefault(fold.bnName, List.of());
            fold.conv.foldInto(fold.bn, fold.buffer, bf16Between && !readers.isEmpty() && foldedConvolutions.containsAll(readers));
        }
        return folds.stream().map(Fold::bnName).toList();
    }

    /** A convolution and the batch norm folded into it, with the buffer its folded output goes to. */
    private record Fold(String convName, String bnName, LinearConvolutionLayer conv, FusedBatchNormLayer bn, FoldedOutputBuffer buffer) {
    }

    private static boolean foldable(GraphVertex vertex) {
        return vertex instanceof LayerVertex layerVertex && layerVertex.getLayerPreProcessor() == null
                && vertex.getLayer() instanceof LinearConvolutionLayer conv && conv.getHelper() instanceof OneDnnConvHelper
                && conv.layerConf().getActivationFn() instanceof ActivationIdentity
                && conv.layerConf().getCnn2dDataFormat() == CNN2DFormat.NHWC;
    }

    private static Set<String> ancestors(String vertex, Map<String, List<String>> inputsOf) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(inputsOf.getOrDefault(vertex, List.of()));
        while (!todo.isEmpty()) {
            String v = todo.pop();
            if (seen.add(v)) {
                todo.addAll(inputsOf.getOrDefault(v, List.of()));
            }
        }
        return seen;
    }

    /** A shared buffer and the vertices that read what its last writer wrote. */
    private static final class Slot {

        final FoldedOutputBuffer buffer;
        List<String> readers = List.of();

        Slot(FoldedOutputBuffer buffer) {
            this.buffer = buffer;
        }
    }
}
