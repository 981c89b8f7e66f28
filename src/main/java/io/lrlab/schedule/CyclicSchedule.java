package io.lrlab.schedule;

import java.util.Locale;

/** Cyclical learning rates (Smith 2017, "Cyclical Learning Rates for Training Neural Networks"). */
record CyclicSchedule(Mode mode, double baseLr, double maxLr, int stepSize, double gamma) implements LearningRateSchedule {

    enum Mode {
        TRIANGULAR, TRIANGULAR2, EXP_RANGE;

        static Mode of(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }

    @Override
    public double rate(int epoch, long iteration, int itersPerEpoch) {
        long cycle = 1 + iteration / (2L * stepSize);
        double x = Math.abs((double) iteration / stepSize - 2 * cycle + 1);
        double scale = switch (mode) {
            case TRIANGULAR -> 1.0;
            case TRIANGULAR2 -> 1.0 / Math.pow(2, cycle - 1);
            case EXP_RANGE -> Math.pow(gamma, iteration);
        };
        return baseLr + (maxLr - baseLr) * Math.max(0, 1 - x) * scale;
    }

    @Override
    public Granularity granularity() {
        return Granularity.ITERATION;
    }
}
