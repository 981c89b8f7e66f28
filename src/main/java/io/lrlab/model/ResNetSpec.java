package io.lrlab.model;

import java.util.List;

/**
 * The shape of a ResNet: the design of its residual units, the units per stage and the filters.
 *
 * @param block        the residual unit: the reference's pre-activation bottleneck, or He et al.'s basic block
 * @param stages       units per stage, e.g. (9, 9, 9)
 * @param filters      stem filters, then the filters K of each stage, e.g. (64, 64, 128, 256)
 * @param stemAndHeadL2 Keras-style L2 factor r (loss + r * sum(w^2)) on the stem conv and the dense layer
 * @param moduleL2     Keras-style L2 factor inside the residual units
 */
public record ResNetSpec(String name, Block block, List<Integer> stages, List<Integer> filters, double stemAndHeadL2, double moduleL2) {

    /** How a residual unit is built. */
    public enum Block {
        /**
         * The reference's (Rosebrock's {@code resnet.py}): BN-ReLU-1x1 K/4, BN-ReLU-3x3 K/4, BN-ReLU-1x1 K, with a
         * 1x1 projection where the shape changes; input BN and a 3x3 stem, BN-ReLU before the pool.
         */
        PRE_ACTIVATION_BOTTLENECK,
        /**
         * He et al. 2016, section 4.2: 3x3 conv-BN-ReLU-3x3 conv-BN, the shortcut added, then ReLU; where the shape
         * changes the shortcut is the input subsampled with its new channels zero (option A, no parameters); a 3x3
         * conv-BN-ReLU stem.
         */
        BASIC
    }

    /** He et al.'s weight decay 1e-4 in lrlab's Keras-style L2 factor. */
    public static final double HE2016_WEIGHT_DECAY = 5e-5;

    public ResNetSpec {
        stages = List.copyOf(stages);
        filters = List.copyOf(filters);
        if (stages.isEmpty() || filters.size() != stages.size() + 1) {
            throw new IllegalArgumentException("filters must hold one more entry than stages");
        }
        if (stages.stream().anyMatch(s -> s < 1) || filters.stream().anyMatch(f -> f < 4 || f % 4 != 0)) {
            throw new IllegalArgumentException("stages must be >= 1 and filters multiples of 4 (bottlenecks use K / 4)");
        }
        if (block == Block.BASIC && !filters.get(1).equals(filters.get(0))) {
            throw new IllegalArgumentException("the first stage of basic blocks keeps the stem's filters (identity shortcuts)");
        }
    }

    /** A pre-activation bottleneck network, as the reference builds it. */
    public ResNetSpec(String name, List<Integer> stages, List<Integer> filters, double stemAndHeadL2, double moduleL2) {
        this(name, Block.PRE_ACTIVATION_BOTTLENECK, stages, filters, stemAndHeadL2, moduleL2);
    }

    /**
     * He et al.'s CIFAR network of depth 6n + 2: three stages of n basic blocks with 16, 32 and 64 filters, weight decay
     * 1e-4 on every weight as their frameworks apply it (the gradient gains 1e-4 * w): Keras-style 5e-5 here, since
     * Keras' l2(r) adds r * sum(w^2) to the loss, whose gradient is 2r * w.
     */
    public static ResNetSpec he2016(int depth) {
        if (depth < 8 || (depth - 2) % 6 != 0) {
            throw new IllegalArgumentException("He et al.'s CIFAR ResNets have depth 6n + 2, not " + depth);
        }
        int n = (depth - 2) / 6;
        return new ResNetSpec("resnet" + depth, Block.BASIC, List.of(n, n, n), List.of(16, 16, 32, 64), HE2016_WEIGHT_DECAY, HE2016_WEIGHT_DECAY);
    }

    /** The same network with one Keras-style L2 factor on every conv and dense layer. */
    public ResNetSpec withWeightDecay(double l2) {
        return new ResNetSpec(name, block, stages, filters, l2, l2);
    }
}
