package io.lrlab.kernel;

import java.util.function.Supplier;

/**
 * Builds with DL4J's own convolution kernels instead of lrlab's: layers made inside {@link #building} keep DL4J's
 * oneDNN helper for good, as lrlab 0.2 made them. For comparisons in tests and benchmarks.
 */
public final class Dl4jConvolutions {

    private Dl4jConvolutions() {
    }

    public static <T> T building(Supplier<T> build) {
        System.setProperty(KernelSwitches.CONVOLUTION, "dl4j");
        try {
            return build.get();
        } finally {
            System.clearProperty(KernelSwitches.CONVOLUTION);
        }
    }
}
