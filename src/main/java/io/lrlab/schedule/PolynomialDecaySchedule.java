package io.lrlab.schedule;

/**
 * {@code lr = initialLr * (1 - e / E) ^ power}; power 1 is the reference's linear schedule.
 * why: DL4J M2.1 {@code PolySchedule} computes {@code (1 + i / max) ^ power}, a rate that grows.
 */
record PolynomialDecaySchedule(double initialLr, int epochs, double power) implements LearningRateSchedule {

    @Override
    public double rate(int epoch, long iteration, int itersPerEpoch) {
        double remaining = Math.max(0.0, 1.0 - (double) epoch / epochs);
        return initialLr * Math.pow(remaining, power);
    }

    @Override
    public Granularity granularity() {
        return Granularity.EPOCH;
    }
}
