package io.lrlab.study;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The schedule population-based training discovered: followed back from a member through the members whose weights
 * it took, the rate each trained with, epoch by epoch. Epochs from a generation's boundary on belong to the member that
 * trained them; epochs before it, to the member whose weights it took there (itself, unless it exploited).
 */
final class Lineage {

    /** Epoch {@code epoch} (0-based) of the lineage: trained by {@code member} at {@code rate}. */
    record Step(int epoch, int member, double rate) {
    }

    private Lineage() {
    }

    /**
     * @param initialLr every member's rate before its first exploit decision
     * @param exploits  every generation's decisions
     * @param epochs    the members' epochs
     */
    static List<Step> of(int member, Map<Integer, Double> initialLr, List<StudyStore.ExploitRow> exploits, int epochs) {
        Map<Integer, Map<Integer, StudyStore.ExploitRow>> byGeneration = new HashMap<>();
        exploits.forEach(r -> byGeneration.computeIfAbsent(r.generation(), g -> new HashMap<>()).put(r.number(), r));
        int generations = byGeneration.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        Step[] steps = new Step[epochs];
        int current = member;
        int end = epochs;
        for (int g = generations - 1; g >= 0; g--) {
            StudyStore.ExploitRow row = byGeneration.getOrDefault(g, Map.of()).get(current);
            if (row == null) {
                // the member had ended before this generation: nothing of it lies past the boundary
                continue;
            }
            for (int e = row.epochs(); e < end; e++) {
                steps[e] = new Step(e, current, row.lr());
            }
            end = row.epochs();
            if (row.donor() != null) {
                current = row.donor();
            }
        }
        for (int e = 0; e < end; e++) {
            steps[e] = new Step(e, current, initialLr.get(current));
        }
        return List.of(steps);
    }

    /** The lineage as a piecewise schedule's parameters: a boundary wherever the rate changes. */
    static Map<String, Object> piecewise(List<Step> steps) {
        List<Integer> boundaries = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        values.add(steps.get(0).rate());
        for (int e = 1; e < steps.size(); e++) {
            if (steps.get(e).rate() != steps.get(e - 1).rate()) {
                boundaries.add(e);
                values.add(steps.get(e).rate());
            }
        }
        Map<String, Object> params = new java.util.LinkedHashMap<>();
        params.put("boundaries", boundaries);
        params.put("values", values);
        return params;
    }
}
