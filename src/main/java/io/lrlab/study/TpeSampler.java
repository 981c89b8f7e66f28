package io.lrlab.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.commons.math3.special.Erf;

/**
 * The tree-structured Parzen estimator (Bergstra et al. 2011), univariate as Optuna's TPESampler defaults: after
 * {@value #STARTUP} random trials, the finished trials are split at the gamma quantile (gamma(n) = min(ceil(0.1 n), 25)
 * best ones) into good and bad; for each dimension in turn, a Parzen estimator of each group (smoothed frequencies for a
 * choice, truncated Gaussians in the working space for a range: log for a log range) gives l(x) and g(x), and of
 * {@value #CANDIDATES} draws from l the one with the highest l(x) / g(x) is taken. A schedule's parameters are fitted on
 * the trials of that schedule only: the tree the estimator is named for.
 */
final class TpeSampler implements Sampler {

    static final int STARTUP = 10;
    static final int CANDIDATES = 24;

    @Override
    public Optional<Map<String, Object>> sample(Space space, int number, List<Observation> history, Random random) {
        if (history.size() < STARTUP) {
            return Optional.of(RandomSampler.draw(space, random));
        }
        List<Observation> ranked = new ArrayList<>(history);
        ranked.sort(Observation.BEST_FIRST);
        int good = Math.min((int) Math.ceil(0.1 * ranked.size()), 25);
        List<Observation> below = ranked.subList(0, good);
        List<Observation> above = ranked.subList(good, ranked.size());
        Map<String, Object> params = new LinkedHashMap<>();
        for (Param p : space.params()) {
            String schedule = (String) params.get(Space.SCHEDULE);
            if (!p.activeFor(schedule)) {
                continue;
            }
            List<Object> l = valuesOf(p, below);
            List<Object> g = valuesOf(p, above);
            params.put(p.name(), p.categorical() ? choose(p, l, g, random) : number(p, l, g, random));
        }
        return Optional.of(params);
    }

    private static List<Object> valuesOf(Param p, List<Observation> group) {
        return group.stream().map(o -> o.params().get(p.name())).filter(v -> v != null).toList();
    }

    /** Smoothed frequencies: every choice counts once more than it was seen. */
    private static Object choose(Param p, List<Object> below, List<Object> above, Random random) {
        int k = p.choices().size();
        double[] l = frequencies(p, below);
        double[] g = frequencies(p, above);
        int best = -1;
        double bestRatio = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < CANDIDATES; c++) {
            int i = draw(l, random);
            double ratio = Math.log(l[i]) - Math.log(g[i]);
            if (ratio > bestRatio) {
                bestRatio = ratio;
                best = i;
            }
        }
        return p.choices().get(best < 0 ? random.nextInt(k) : best);
    }

    private static double[] frequencies(Param p, List<Object> values) {
        int k = p.choices().size();
        double[] weights = new double[k];
        java.util.Arrays.fill(weights, 1.0);
        for (Object v : values) {
            int i = indexOf(p.choices(), v);
            if (i >= 0) {
                weights[i] += 1;
            }
        }
        double sum = java.util.Arrays.stream(weights).sum();
        for (int i = 0; i < k; i++) {
            weights[i] /= sum;
        }
        return weights;
    }

    /** Choices compare as JSON values do: 1 and 1.0 are the same number. */
    private static int indexOf(List<Object> choices, Object value) {
        for (int i = 0; i < choices.size(); i++) {
            Object c = choices.get(i);
            if (c.equals(value) || c instanceof Number a && value instanceof Number b && a.doubleValue() == b.doubleValue()) {
                return i;
            }
        }
        return -1;
    }

    private static int draw(double[] probabilities, Random random) {
        double u = random.nextDouble();
        double sum = 0;
        for (int i = 0; i < probabilities.length; i++) {
            sum += probabilities[i];
            if (u < sum) {
                return i;
            }
        }
        return probabilities.length - 1;
    }

    private static Object number(Param p, List<Object> below, List<Object> above, Random random) {
        Parzen l = Parzen.of(p, below);
        Parzen g = Parzen.of(p, above);
        double best = Double.NaN;
        double bestRatio = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < CANDIDATES; c++) {
            double x = l.draw(random);
            double ratio = l.logDensity(x) - g.logDensity(x);
            if (ratio > bestRatio || Double.isNaN(best)) {
                bestRatio = ratio;
                best = x;
            }
        }
        return p.fromWorking(best);
    }

    /**
     * Equally weighted Gaussians truncated to the range, one on each observation and one wide prior in the middle. A
     * Gaussian's width is the larger gap to its neighbours (the outermost ones: the gap to their one neighbour), clipped
     * to [range / min(100, n + 1), range] (Optuna's "magic clip"); the prior's width is the range.
     */
    record Parzen(double low, double high, double[] mus, double[] sigmas) {

        static Parzen of(Param p, List<Object> values) {
            double low = p.lowerBound();
            double high = p.upperBound();
            double range = high - low;
            int n = values.size();
            double[] mus = new double[n + 1];
            for (int i = 0; i < n; i++) {
                mus[i] = Math.max(low, Math.min(high, p.toWorking(values.get(i))));
            }
            mus[n] = (low + high) / 2;
            double[] sigmas = new double[n + 1];
            Integer[] order = new Integer[n + 1];
            for (int i = 0; i <= n; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> Double.compare(mus[a], mus[b]));
            double minSigma = range / Math.min(100.0, n + 1.0);
            for (int k = 0; k <= n; k++) {
                int i = order[k];
                // the outermost Gaussians look inward only (Optuna's consider_endpoints=False)
                double left = k == 0 ? 0 : mus[i] - mus[order[k - 1]];
                double right = k == n ? 0 : mus[order[k + 1]] - mus[i];
                sigmas[i] = Math.max(minSigma, Math.min(range, Math.max(left, right)));
            }
            sigmas[n] = range;
            return new Parzen(low, high, mus, sigmas);
        }

        double draw(Random random) {
            int i = random.nextInt(mus.length);
            for (int attempt = 0; attempt < 100; attempt++) {
                double x = mus[i] + sigmas[i] * random.nextGaussian();
                if (x >= low && x <= high) {
                    return x;
                }
            }
            return Math.max(low, Math.min(high, mus[i]));
        }

        double logDensity(double x) {
            double sum = 0;
            for (int i = 0; i < mus.length; i++) {
                double s = sigmas[i];
                double mass = cdf((high - mus[i]) / s) - cdf((low - mus[i]) / s);
                double z = (x - mus[i]) / s;
                sum += Math.exp(-0.5 * z * z) / (s * Math.sqrt(2 * Math.PI) * Math.max(mass, 1e-12));
            }
            return Math.log(Math.max(sum / mus.length, Double.MIN_NORMAL));
        }

        private static double cdf(double z) {
            return 0.5 * (1 + Erf.erf(z / Math.sqrt(2)));
        }
    }
}
