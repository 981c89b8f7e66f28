package io.lrlab.kernel;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many native threads one training thread uses: OpenMP's, which oneDNN and ND4J's ops take per calling thread
 * (libgomp keeps the count per thread, and lrlab's oneDNN shares ND4J's libgomp), and lrlab's own kernels' fan-out
 * ({@link Parallel}). A worker that trains several experiments at once gives each training thread its share of the
 * cores; a thread that never sets it uses them all.
 */
public final class KernelThreads {

    private static final Logger log = LoggerFactory.getLogger(KernelThreads.class);
    private static final ThreadLocal<Integer> WIDTH = new ThreadLocal<>();

    private KernelThreads() {
    }

    /**
     * The native threads this process trains with: its cores, or fewer where OpenMP was told so at start-up
     * ({@code OMP_NUM_THREADS}), as several processes sharing a machine are.
     */
    public static int cores() {
        return Budget.THREADS;
    }

    /** Read once, before any thread of lrlab's set its own count: libgomp's starting count is the process's budget. */
    private static final class Budget {
        static final int THREADS = read();

        private static int read() {
            int cores = Runtime.getRuntime().availableProcessors();
            try {
                if (Nd4j.getEnvironment().isCPU()) {
                    int openMp = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
                    return openMp > 0 ? Math.min(cores, openMp) : cores;
                }
            } catch (RuntimeException | LinkageError e) {
                log.warn("Could not read OpenMP's thread count: {}", e.toString());
            }
            return cores;
        }
    }

    /** From now on, the calling thread's kernels use {@code threads} native threads. */
    public static void use(int threads) {
        int width = Math.max(1, Math.min(threads, cores()));
        WIDTH.set(width);
        try {
            if (Nd4j.getEnvironment().isCPU()) {
                NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(width);
            }
        } catch (RuntimeException | LinkageError e) {
            log.warn("Could not set this thread's OpenMP threads to {}: {}", width, e.toString());
        }
    }

    /** The calling thread's OpenMP threads, as the native runtime reports them (its own count, per thread). */
    public static int openMpThreads() {
        return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    }

    /** The fan-out of lrlab's own kernels on the calling thread. */
    static int width() {
        Integer w = WIDTH.get();
        return w == null ? Parallel.THREADS : Math.min(w, Parallel.THREADS);
    }
}
