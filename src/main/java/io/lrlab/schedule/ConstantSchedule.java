package io.lrlab.schedule;

/** {@code lr = initialLr}. */
record ConstantSchedule(double initialLr) implements LearningRateSchedule {

    @Override
    public double rate(int epoch, long iteration, int itersPerEpoch) {
        return initialLr;
    }

    @Override
    public Granularity granularity() {
        return Granularity.EPOCH;
    }
}
