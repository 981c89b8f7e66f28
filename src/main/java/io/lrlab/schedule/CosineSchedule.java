package io.lrlab.schedule;

/** {@code lr = minLr + (initialLr - minLr) * (1 + cos(pi * e / E)) / 2}. */
record CosineSchedule(double initialLr, double minLr, int epochs) implements LearningRateSchedule {

    @Override
    public double rate(int epoch, long iteration, int itersPerEpoch) {
        return minLr + (initialLr - minLr) * (1 + Math.cos(Math.PI * epoch / epochs)) / 2;
    }

    @Override
    public Granularity granularity() {
        return Granularity.EPOCH;
    }
}
