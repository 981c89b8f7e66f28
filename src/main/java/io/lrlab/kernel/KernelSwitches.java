package io.lrlab.kernel;

import java.util.Locale;

/**
 * The one place that reads which CPU kernels new networks get. The values live in system properties, because networks
 * are built outside Spring (benchmarks, tests, DL4J's own deserialisation); a Spring service sets them from
 * {@code lrlab.kernels.*} at start-up ({@code KernelSettings}), so they work in {@code application.yml} and as
 * environment variables like every other setting.
 */
public final class KernelSwitches {

    public static final String CONVOLUTION = "lrlab.kernels.convolution";
    public static final String BATCH_NORM = "lrlab.kernels.batch-norm";
    public static final String FOLD_BATCH_NORM = "lrlab.kernels.fold-batch-norm";
    public static final String BF16 = "lrlab.kernels.bf16";

    private KernelSwitches() {
    }

    /** Sets every switch at once; {@code convolution} and {@code batchNorm} are {@code onednn} or {@code dl4j}. */
    public static void apply(String convolution, String batchNorm, boolean foldBatchNorm, boolean bf16) {
        System.setProperty(CONVOLUTION, kernel(CONVOLUTION, convolution));
        System.setProperty(BATCH_NORM, kernel(BATCH_NORM, batchNorm));
        System.setProperty(FOLD_BATCH_NORM, Boolean.toString(foldBatchNorm));
        System.setProperty(BF16, Boolean.toString(bf16));
    }

    private static String kernel(String key, String value) {
        String v = value == null ? "onednn" : value.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("onednn") && !v.equals("dl4j")) {
            throw new IllegalArgumentException(key + " is 'onednn' or 'dl4j', not '" + value + "'");
        }
        return v;
    }

    /** DL4J's own convolution kernels instead of lrlab's ({@code lrlab.conv.dl4j=true} before 0.3). */
    static boolean dl4jConvolutions() {
        return "dl4j".equalsIgnoreCase(System.getProperty(CONVOLUTION)) || Boolean.getBoolean("lrlab.conv.dl4j");
    }

    /** DL4J's own batch-norm kernels ({@code lrlab.batchnorm.dl4j=true} before 0.3). */
    static boolean dl4jBatchNorm() {
        return "dl4j".equalsIgnoreCase(System.getProperty(BATCH_NORM)) || Boolean.getBoolean("lrlab.batchnorm.dl4j");
    }

    /** Whether inference folds batch norms into convolutions ({@code lrlab.batchnorm.unfolded=true} before 0.3 turned it off). */
    static boolean foldBatchNorm() {
        return !"false".equalsIgnoreCase(System.getProperty(FOLD_BATCH_NORM)) && !Boolean.getBoolean("lrlab.batchnorm.unfolded");
    }

    /**
     * bfloat16 convolution products: as the thread's {@link KernelPrecision} says, else the process-wide setting (off by
     * default since it changes numerics; LRLAB_KERNELS_BF16 outside Spring too).
     */
    static boolean bf16() {
        Boolean scoped = KernelPrecision.current();
        return scoped != null ? scoped : defaultBf16();
    }

    /** The process-wide setting alone: what an experiment that names no precision trains with. */
    public static boolean defaultBf16() {
        return Boolean.parseBoolean(System.getProperty(BF16, System.getenv("LRLAB_KERNELS_BF16")));
    }
}
