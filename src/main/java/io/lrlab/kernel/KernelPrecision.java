package io.lrlab.kernel;

/**
 * The arithmetic of the convolutions a thread builds while the scope is open: float32 throughout, or bfloat16 products
 * (where this CPU has bfloat16 kernels). An experiment opens one around its whole run, so that two experiments of one
 * process may differ; outside any scope the process-wide setting ({@code lrlab.kernels.bf16}) applies, as in the
 * benchmarks. Convolutions choose when they first run, on the thread that runs them.
 */
public final class KernelPrecision implements AutoCloseable {

    private static final ThreadLocal<Boolean> BF16 = new ThreadLocal<>();

    private final Boolean previous;

    private KernelPrecision(Boolean previous) {
        this.previous = previous;
    }

    /** Opens a scope: bfloat16 products when {@code bf16} and this CPU has them, float32 otherwise. */
    public static KernelPrecision bf16(boolean bf16) {
        KernelPrecision scope = new KernelPrecision(BF16.get());
        BF16.set(bf16);
        return scope;
    }

    /** Whether this process can train in bfloat16: lrlab's oneDNN convolutions on a CPU with AVX512_BF16 or AMX. */
    public static boolean bf16Available() {
        return OneDnnConvHelper.active() && OneDnn.cpuHasBf16();
    }

    /** The open scope's choice, or null outside any. */
    static Boolean current() {
        return BF16.get();
    }

    @Override
    public void close() {
        if (previous == null) {
            BF16.remove();
        } else {
            BF16.set(previous);
        }
    }
}
