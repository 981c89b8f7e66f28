package io.lrlab.bench;

import java.util.Arrays;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Two networks' inference passes over one batch, in one JVM, pass after pass alternately, which of the two goes first
 * alternating too. why: a shared machine's speed drifts by tens of percent within minutes, more than the differences
 * the benchmarks that use this measure, and a pair of passes a second apart sees the same drift.
 *
 * @param a the first network's pass times, ns, sorted
 * @param b the second's
 * @param ratios per pair, the second's time over the first's (the first's speed-up), sorted
 */
public record AlternatingPasses(long[] a, long[] b, double[] ratios) {

    private static final int WARMUP = 4;

    /** Times {@code pairs} pairs of passes of {@code a} and {@code b} over {@code x}, after a few of each. */
    public static AlternatingPasses time(ComputationGraph a, ComputationGraph b, INDArray x, int pairs) {
        for (int i = 0; i < WARMUP; i++) {
            a.outputSingle(false, x);
            b.outputSingle(false, x);
        }
        long[] ta = new long[pairs];
        long[] tb = new long[pairs];
        double[] ratios = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            boolean aFirst = i % 2 == 0;
            long first = time(aFirst ? a : b, x);
            long second = time(aFirst ? b : a, x);
            ta[i] = aFirst ? first : second;
            tb[i] = aFirst ? second : first;
            ratios[i] = (double) tb[i] / ta[i];
        }
        Arrays.sort(ta);
        Arrays.sort(tb);
        Arrays.sort(ratios);
        return new AlternatingPasses(ta, tb, ratios);
    }

    /** Prints each side's median pass and rate, and the median and quartiles of the per-pair speed-ups. */
    public void print(String aName, String bName, long batch, double largestOutputDifference) {
        int n = ratios.length;
        int width = Math.max(aName.length(), bName.length()) + 1;
        System.out.printf("%-" + width + "s median pass %.1f ms, %.1f img/s%n", aName + ":", a[n / 2] / 1e6, batch / (a[n / 2] / 1e9));
        System.out.printf("%-" + width + "s median pass %.1f ms, %.1f img/s%n", bName + ":", b[n / 2] / 1e6, batch / (b[n / 2] / 1e9));
        System.out.printf("speed-up, median of per-pair ratios: %.3f (quartiles %.3f to %.3f); largest output difference %.2e%n",
                ratios[n / 2], ratios[n / 4], ratios[3 * n / 4], largestOutputDifference);
    }

    private static long time(ComputationGraph net, INDArray x) {
        long start = System.nanoTime();
        net.outputSingle(false, x);
        return System.nanoTime() - start;
    }
}
