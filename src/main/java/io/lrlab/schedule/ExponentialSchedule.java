package io.lrlab.schedule;

/** {@code lr = initialLr * gamma ^ (e / decayEpochs)}, with the exponent floored when {@code staircase}. */
record ExponentialSchedule(double initialLr, double gamma, int decayEpochs, boolean staircase) implements LearningRateSchedule {

    @Override
    public double rate(int epoch, long iteration, int itersPerEpoch) {
        double exponent = staircase ? Math.floorDiv(epoch, decayEpochs) : (double) epoch / decayEpochs;
        return initialLr * Math.pow(gamma, exponent);
    }

    @Override
    public Granularity granularity() {
        return Granularity.EPOCH;
    }
}
