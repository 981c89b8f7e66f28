package io.lrlab.schedule;

/**
 * {@code lr = initialLr * factor ^ floor((1 + e) / dropEvery)}.
 * why: DL4J M2.1 {@code StepSchedule} drops one epoch later than the reference's formula.
 */
record StepDecaySchedule(double initialLr, double factor, int dropEvery) implements LearningRateSchedule {

    @Override
    public double rate(int epoch, long iteration, int itersPerEpoch) {
        return initialLr * Math.pow(factor, Math.floorDiv(1 + epoch, dropEvery));
    }

    @Override
    public Granularity granularity() {
        return Granularity.EPOCH;
    }
}
