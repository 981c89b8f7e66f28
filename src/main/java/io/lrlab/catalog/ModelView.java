package io.lrlab.catalog;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A network preset sized for one data set.
 *
 * @param parameters            trainable parameters (weights, biases, batch-norm scales and shifts)
 * @param forwardFlops          one image's forward pass in convolutions and dense layers, a multiply-add counting two
 * @param costPerImageEpoch     what admission counts per training image and epoch (parameters / 1e9) against
 *                              lrlab.queue.max-cost
 */
public record ModelView(String id, @Schema(description = "the design: pre-activation bottleneck or He et al.'s basic blocks") String design,
                        String description, int depth, long parameters, long forwardFlops, double costPerImageEpoch, String dataset) {
}
