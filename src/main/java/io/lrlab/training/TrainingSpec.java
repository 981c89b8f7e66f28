package io.lrlab.training;

import io.lrlab.model.ResNetSpec;
import io.lrlab.schedule.Schedules;

/**
 * Everything a run needs besides data.
 *
 * @param weightDecay Keras-style L2 factor applied to every conv and dense layer; {@code null} keeps the
 *                    reference's per-layer values
 * @param augment     pad-crop-flip augmentation of the training images (off in the reference protocol)
 */
public record TrainingSpec(ResNetSpec network, Schedules.Built schedule, int batchSize, double momentum, Double weightDecay, long seed,
                           boolean augment) {

    /** Without augmentation, as the reference protocol trains. */
    public TrainingSpec(ResNetSpec network, Schedules.Built schedule, int batchSize, double momentum, Double weightDecay, long seed) {
        this(network, schedule, batchSize, momentum, weightDecay, seed, false);
    }

    public int epochs() {
        return schedule.epochs();
    }

    public ResNetSpec effectiveNetwork() {
        if (weightDecay == null) {
            return network;
        }
        return network.withWeightDecay(weightDecay);
    }
}
