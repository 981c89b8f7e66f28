package io.lrlab.stats;

import java.util.Arrays;

/** The median of some values: the middle one, or the mean of the middle two. */
public final class Median {

    private Median() {
    }

    /** @param values at least one; left as they are */
    public static double of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("the median of no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
