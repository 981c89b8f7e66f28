package io.lrlab.model;

import java.util.List;

/**
 * The shape of a pre-activation bottleneck ResNet as the reference's {@code ResNet.build} takes it.
 *
 * @param stages       modules per stage, e.g. (9, 9, 9)
 * @param filters      stem filters, then the filters K of each stage, e.g. (64, 64, 128, 256)
 * @param stemAndHeadL2 Keras-style L2 factor r (loss + r * sum(w^2)) on the stem conv and the dense layer
 * @param moduleL2     Keras-style L2 factor inside the residual modules
 */
public record ResNetSpec(String name, List<Integer> stages, List<Integer> filters, double stemAndHeadL2, double moduleL2) {

    public ResNetSpec {
        stages = List.copyOf(stages);
        filters = List.copyOf(filters);
        if (stages.isEmpty() || filters.size() != stages.size() + 1) {
            throw new IllegalArgumentException("filters must hold one more entry than stages");
        }
        if (stages.stream().anyMatch(s -> s < 1) || filters.stream().anyMatch(f -> f < 4 || f % 4 != 0)) {
            throw new IllegalArgumentException("stages must be >= 1 and filters multiples of 4 (bottlenecks use K / 4)");
        }
    }
}
