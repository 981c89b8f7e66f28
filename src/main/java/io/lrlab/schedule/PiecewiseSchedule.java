package io.lrlab.schedule;

/** {@code values[k]} where k is the number of boundaries at or below the epoch. */
record PiecewiseSchedule(int[] boundaries, double[] values) implements LearningRateSchedule {

    @Override
    public double rate(int epoch, long iteration, int itersPerEpoch) {
        int k = 0;
        while (k < boundaries.length && boundaries[k] <= epoch) {
            k++;
        }
        return values[k];
    }

    @Override
    public Granularity granularity() {
        return Granularity.EPOCH;
    }
}
