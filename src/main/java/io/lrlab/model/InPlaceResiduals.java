package io.lrlab.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;

/**
 * Lets the last convolution of each residual module add itself into the module's shortcut, in place, in inference
 * ({@link AccumulatingConvolution}), instead of the module's add reading both and writing a third array. On the
 * reference network that is 24 of its 27 adds, each over one of its widest activations.
 *
 * <p>The add is {@code conv + shortcut}, and it qualifies where:
 * <ul>
 *   <li>the convolution is an lrlab {@link LinearConvolutionLayer} whose only consumer is the add, so that no one
 *       else sees its output turn into the sum;</li>
 *   <li>the shortcut is another {@link ResidualAddVertex}, which then keeps its sum in a buffer of its own outside
 *       DL4J's workspaces (the stage's residual stream) instead of a workspace array that DL4J reuses once its
 *       consumers have run;</li>
 *   <li>every other reader of that buffer runs before the convolution: each consumer of the shortcut, and of the adds
 *       whose buffer the shortcut already shares, is an ancestor of the convolution. In a residual stage that is each
 *       module's first batch norm.</li>
 * </ul>
 * Training never takes this path (its backward pass reads the shortcut as it was), nor do DL4J's {@code feedForward}
 * calls, which keep every activation; the layers check that at run time.
 */
final class InPlaceResiduals {

    private InPlaceResiduals() {
    }

    /** @return the names of the adds now linked to their convolution, in topological order */
    static List<String> link(ComputationGraph net) {
        Map<String, List<String>> inputsOf = net.getConfiguration().getVertexInputs();
        Map<String, List<String>> consumersOf = new HashMap<>();
        inputsOf.forEach((vertex, inputs) -> inputs.forEach(in -> consumersOf.computeIfAbsent(in, k -> new ArrayList<>()).add(vertex)));
        // the adds whose sum is, in inference, the shortcut's buffer; mapped to that shortcut
        Map<String, String> shares = new HashMap<>();
        List<String> linked = new ArrayList<>();
        GraphVertex[] vertices = net.getVertices();
        for (int index : net.topologicalSortOrder()) {
            GraphVertex vertex = vertices[index];
            if (!(vertex instanceof ResidualAddVertex add)) {
                continue;
            }
            List<String> inputs = inputsOf.get(add.getVertexName());
            if (inputs == null || inputs.size() != 2 || !(net.getVertex(inputs.get(1)) instanceof ResidualAddVertex shortcutAdd)) {
                continue;
            }
            String convName = inputs.get(0);
            GraphVertex convVertex = net.getVertex(convName);
            if (!convVertex.hasLayer() || !(convVertex.getLayer() instanceof LinearConvolutionLayer conv)
                    || !(conv.getHelper() instanceof OneDnnConvHelper)
                    || !List.of(add.getVertexName()).equals(consumersOf.get(convName))) {
                continue;
            }
            if (readersRunFirst(inputs.get(1), add.getVertexName(), ancestors(convName, inputsOf), consumersOf, shares)) {
                conv.accumulateInto(add);
                add.acceptAccumulationFrom(shortcutAdd);
                shares.put(add.getVertexName(), inputs.get(1));
                linked.add(add.getVertexName());
            }
        }
        return linked;
    }

    /** Whether every vertex that reads the buffer of {@code shortcut}, other than {@code add}, is among {@code ancestors}. */
    private static boolean readersRunFirst(String shortcut, String add, Set<String> ancestors, Map<String, List<String>> consumersOf,
                                           Map<String, String> shares) {
        for (String owner = shortcut; owner != null; owner = shares.get(owner)) {
            for (String reader : consumersOf.getOrDefault(owner, List.of())) {
                if (!reader.equals(add) && !ancestors.contains(reader)) {
                    return false;
                }
            }
        }
        return true;
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
}
