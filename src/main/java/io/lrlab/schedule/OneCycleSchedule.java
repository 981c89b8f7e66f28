package io.lrlab.schedule;

/**
 * The 1cycle policy with the step arithmetic of PyTorch's {@code OneCycleLR} (two phases): up from
 * {@code maxLr / divFactor} to {@code maxLr} until step {@code pctStart * T - 1}, then down to
 * {@code maxLr / divFactor / finalDivFactor} at step {@code T - 1}.
 */
record OneCycleSchedule(double maxLr, int epochs, double pctStart, double divFactor, double finalDivFactor,
                        boolean cosine) implements LearningRateSchedule {

    @Override
    public double rate(int epoch, long iteration, int itersPerEpoch) {
        long total = (long) epochs * itersPerEpoch;
        double initial = maxLr / divFactor;
        double end = initial / finalDivFactor;
        double peakStep = pctStart * total - 1;
        if (peakStep <= 0) {
            return anneal(maxLr, end, Math.min(1.0, iteration / Math.max(1.0, total - 1.0)));
        }
        if (iteration <= peakStep) {
            return anneal(initial, maxLr, iteration / peakStep);
        }
        double downSteps = Math.max(1.0, total - 1 - peakStep);
        return anneal(maxLr, end, Math.min(1.0, (iteration - peakStep) / downSteps));
    }

    private double anneal(double start, double stop, double pct) {
        return cosine ? stop + (start - stop) / 2.0 * (1 + Math.cos(Math.PI * pct)) : start + (stop - start) * pct;
    }

    @Override
    public Granularity granularity() {
        return Granularity.ITERATION;
    }
}
