package io.lrlab.study;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** Every combination of the space's values, in order: trial n is the grid's n-th point. */
final class GridSampler implements Sampler {

    @Override
    public Optional<Map<String, Object>> sample(Space space, int number, List<Observation> history, Random random) {
        return space.gridPoint(number);
    }
}
