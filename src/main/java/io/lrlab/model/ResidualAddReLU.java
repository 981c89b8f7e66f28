package io.lrlab.model;

import io.lrlab.kernel.ResidualAddVertex;

/**
 * {@code max(branch + shortcut, 0)}, the end of He et al.'s basic block, as one vertex: the configuration of
 * {@link ResidualAddVertex} with its ReLU. A bean with a no-argument constructor, so DL4J's JSON configuration (and thus
 * checkpoints) can hold it. Networks built before it hold a {@link ResidualAdd} and an activation layer with
 * {@link FastReLU}, and still load and train as they were built.
 */
public class ResidualAddReLU extends ResidualAdd {

    @Override
    public ResidualAddReLU clone() {
        return new ResidualAddReLU();
    }

    @Override
    boolean relu() {
        return true;
    }
}
