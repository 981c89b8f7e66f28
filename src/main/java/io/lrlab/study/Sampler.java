package io.lrlab.study;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** Chooses the next trial's parameters from the space and what the finished trials found. */
interface Sampler {

    /**
     * @param number  the trial's number in the study, from 0
     * @param history the finished search trials (failed and cancelled ones left out)
     * @return the parameters, or empty when the sampler has nothing more to try (a grid done)
     */
    Optional<Map<String, Object>> sample(Space space, int number, List<Observation> history, Random random);

    static Sampler of(String name) {
        return switch (name == null ? "tpe" : name) {
            case "grid" -> new GridSampler();
            case "random" -> new RandomSampler();
            default -> new TpeSampler();
        };
    }
}
