package io.lrlab.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Mean, sample standard deviation and the 95% confidence interval of the mean (Student's t, n - 1 degrees of freedom)
 * of one configuration's runs. With one run there is no spread: std and the interval are absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Summary(int n, double mean, Double std, Double ci95Low, Double ci95High) {

    public static Summary of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        int n = values.length;
        double mean = Arrays.stream(values).sum() / n;
        if (n == 1) {
            return new Summary(1, mean, null, null, null);
        }
        double std = Math.sqrt(variance(values, mean));
        double half = new TDistribution(n - 1).inverseCumulativeProbability(0.975) * std / Math.sqrt(n);
        return new Summary(n, mean, std, mean - half, mean + half);
    }

    /** Sample variance (n - 1 in the denominator). */
    static double variance(double[] values, double mean) {
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return sum / (values.length - 1);
    }
}
