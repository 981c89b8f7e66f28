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

    /** The wrapped schedule sees its own epoch count and no metrics of the warm-up epochs. */
    @Override
    public java.util.Optional<MetricDriven> metricDriven() {
        return after.metricDriven().map(inner -> new MetricDriven() {
            @Override
            public void observe(int epoch, double valLoss, double valAcc) {
                if (epoch >= warmupEpochs) {
                    inner.observe(epoch - warmupEpochs, valLoss, valAcc);
                }
            }

            @Override
            public java.util.Map<String, String> state() {
                return inner.state();
            }

            @Override
            public void restore(java.util.Map<String, String> state) {
                inner.restore(state);
            }
        });
    }
}
