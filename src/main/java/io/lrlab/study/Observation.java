package io.lrlab.study;

import java.util.Comparator;
import java.util.Map;

/**
 * What a sampler learns from one finished trial.
 *
 * @param epochs how far it trained
 * @param score  its objective at its last epoch, higher is better (the loss negated)
 */
record Observation(Map<String, Object> params, boolean complete, int epochs, double score) {

    /**
     * Best first: complete trials by score, then pruned ones by how far they got and then by score (as Optuna's TPE
     * ranks them: a trial pruned late was better than one pruned early).
     */
    static final Comparator<Observation> BEST_FIRST = Comparator.comparing((Observation o) -> !o.complete())
            .thenComparing(Comparator.comparingInt(Observation::epochs).reversed())
            .thenComparing(Comparator.comparingDouble(Observation::score).reversed());
}
