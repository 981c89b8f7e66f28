package io.lrlab.training;

import io.lrlab.kernel.KernelThreads;
import org.nd4j.linalg.factory.Nd4j;

/** The cores a training thread may use, for a worker that trains several experiments at once. */
public final class CoreShare {

    private CoreShare() {
    }

    /** The cores this process may use. */
    public static int cores() {
        return KernelThreads.cores();
    }

    /** Whether training runs on the CPU (a GPU backend trains one experiment at a time). */
    public static boolean cpu() {
        return Nd4j.getEnvironment().isCPU();
    }

    /** The native threads the calling thread trains with now (OpenMP's count for it; the cores on a GPU). */
    public static int threads() {
        return cpu() ? KernelThreads.openMpThreads() : cores();
    }

    /** From now on, the calling thread trains with {@code threads} native threads. */
    public static void use(int threads) {
        KernelThreads.use(threads);
    }
}
