package io.lrlab.study;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** Independent uniform draws: a choice uniformly, a range uniformly in its working space (log-uniform for a log range). */
final class RandomSampler implements Sampler {

    @Override
    public Optional<Map<String, Object>> sample(Space space, int number, List<Observation> history, Random random) {
        return Optional.of(draw(space, random));
    }

    static Map<String, Object> draw(Space space, Random random) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (Param p : space.params()) {
            if (p.activeFor((String) params.get(Space.SCHEDULE))) {
                params.put(p.name(), p.categorical() ? p.choices().get(random.nextInt(p.choices().size()))
                        : p.fromWorking(p.lowerBound() + random.nextDouble() * (p.upperBound() - p.lowerBound())));
            }
        }
        return params;
    }
}
