package io.lrlab.schedule;

/**
 * Keras' legacy optimizer {@code decay}: {@code lr = initialLr / (1 + decay * i)}, applied per batch.
 * why: equals DL4J's {@code InverseSchedule(ITERATION, lr, decay, 1)}, kept here so the library has no DL4J inside.
 */
record TimeBasedDecaySchedule(double initialLr, double decay) implements LearningRateSchedule {

    @Override
    public double rate(int epoch, long iteration, int itersPerEpoch) {
        return initialLr / (1.0 + decay * iteration);
    }

    @Override
    public Granularity granularity() {
        return Granularity.ITERATION;
    }
}
