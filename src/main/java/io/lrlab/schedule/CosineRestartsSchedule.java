package io.lrlab.schedule;

/**
 * SGDR (Loshchilov and Hutter 2017): cosine annealing over periods of {@code t0}, {@code t0 * tMult}, ...
 * epochs, with time measured in fractional epochs so the rate moves every batch.
 */
record CosineRestartsSchedule(double initialLr, double minLr, int t0, double tMult) implements LearningRateSchedule {

    @Override
    public double rate(int epoch, long iteration, int itersPerEpoch) {
        double t = (double) iteration / itersPerEpoch;
        double start = 0;
        double period = t0;
        // why: a loop, not a logarithm, so the restart lands exactly on the boundary iteration
        while (t >= start + period) {
            start += period;
            period *= tMult;
        }
        return minLr + (initialLr - minLr) * (1 + Math.cos(Math.PI * (t - start) / period)) / 2;
    }

    @Override
    public Granularity granularity() {
        return Granularity.ITERATION;
    }
}
