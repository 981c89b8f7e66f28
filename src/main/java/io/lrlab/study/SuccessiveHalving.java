package io.lrlab.study;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Asynchronous successive halving (Li et al. 2018, "A System for Massively Parallel Hyperparameter Tuning"): rungs at
 * minEpochs x eta^k epochs below the trials' epochs. A trial reaching a rung goes on at once if it is among the best
 * floor(n / eta) of the n trials recorded there, itself included; otherwise it waits (PAUSED, its checkpoint kept) and
 * is promoted as soon as later arrivals make it one of them. Nobody waits for a rung to fill. When the search samples
 * no more trials and nothing runs, each rung promotes its best waiting trial if it promoted none (so that a small
 * budget still ends with a trained configuration), and the rest are pruned.
 */
final class SuccessiveHalving {

    /** A trial's value at a rung, as a score (higher is better), and whether it went on. */
    record Entry(int number, double score, boolean promoted) {
    }

    private SuccessiveHalving() {
    }

    /** Epochs at each rung, ascending; the trials' last epoch is not a rung. */
    static List<Integer> rungs(int minEpochs, int eta, int epochs) {
        List<Integer> out = new ArrayList<>();
        for (long e = minEpochs; e < epochs; e *= eta) {
            out.add((int) e);
        }
        return out;
    }

    /**
     * Whether a trial arriving at a rung goes on at once: whether it ranks among the rung's best floor(n / eta), ranked
     * as {@link #promotable} ranks them (by score, ties to the lower trial number).
     *
     * @param others the values recorded at the rung before it
     */
    static boolean promotes(int number, double score, List<Entry> others, int eta) {
        int keep = (others.size() + 1) / eta;
        long better = others.stream().filter(o -> o.score() > score || o.score() == score && o.number() < number).count();
        return better < keep;
    }

    /**
     * The waiting trials of one rung that are now among its best floor(n / eta), best first (ties: the earlier trial).
     *
     * @param closing the search is over: a rung that promoted nobody promotes its best
     */
    static List<Integer> promotable(List<Entry> rung, int eta, boolean closing) {
        List<Entry> ranked = new ArrayList<>(rung);
        ranked.sort(Comparator.comparingDouble(Entry::score).reversed().thenComparingInt(Entry::number));
        int keep = rung.size() / eta;
        if (closing && keep == 0 && rung.stream().noneMatch(Entry::promoted)) {
            keep = Math.min(1, rung.size());
        }
        return ranked.subList(0, keep).stream().filter(e -> !e.promoted()).map(Entry::number).toList();
    }
}
