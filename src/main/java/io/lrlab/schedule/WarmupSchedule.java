package io.lrlab.schedule;

/**
 * Linear warm-up over the first {@code warmupEpochs} epochs, {@code initialLr * (e + 1) / (W + 1)}, then
 * the wrapped schedule, built for the remaining epochs and started at its own epoch 0.
 */
record WarmupSchedule(double initialLr, int warmupEpochs, LearningRateSchedule after) implements LearningRateSchedule {

    @Override
    public double rate(int epoch, long iteration, int itersPerEpoch) {
        if (epoch < warmupEpochs) {
            return initialLr * (epoch + 1) / (warmupEpochs + 1);
        }
        return after.rate(epoch - warmupEpochs, iteration - (long) warmupEpochs * itersPerEpoch, itersPerEpoch);
    }

    @Override
    public Granularity granularity() {
        return after.granularity();
    }
}
