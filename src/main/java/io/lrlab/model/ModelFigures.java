package io.lrlab.model;

/**
 * A network's size for one input shape.
 *
 * @param parameters   trainable parameters: weights, biases, batch-norm scales and shifts (not its running statistics)
 * @param forwardFlops floating-point operations of one image's forward pass in its convolutions and dense layers,
 *                     a multiply-add counting two; batch norms, adds and pools (under 1% here) left out
 */
public record ModelFigures(long parameters, long forwardFlops) {
}
