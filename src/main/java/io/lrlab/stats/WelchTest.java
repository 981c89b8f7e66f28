package io.lrlab.stats;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Welch's unequal-variances t-test, two-sided: how likely a difference of means at least this large is when the two
 * configurations are in truth equally good. Seeds are few and their spreads differ, so Student's pooled test would
 * overstate its confidence.
 */
public final class WelchTest {

    private WelchTest() {
    }

    /** The two-sided p-value, or empty when either side has fewer than two runs. */
    public static OptionalDouble pValue(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            return OptionalDouble.empty();
        }
        double ma = Arrays.stream(a).sum() / a.length;
        double mb = Arrays.stream(b).sum() / b.length;
        double sa = Summary.variance(a, ma) / a.length;
        double sb = Summary.variance(b, mb) / b.length;
        if (sa + sb == 0) {
            return OptionalDouble.of(ma == mb ? 1.0 : 0.0);
        }
        double t = (ma - mb) / Math.sqrt(sa + sb);
        double df = (sa + sb) * (sa + sb) / (sa * sa / (a.length - 1) + sb * sb / (b.length - 1));
        return OptionalDouble.of(2 * new TDistribution(df).cumulativeProbability(-Math.abs(t)));
    }
}
