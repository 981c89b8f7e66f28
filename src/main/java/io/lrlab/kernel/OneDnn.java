package io.lrlab.kernel;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.util.Optional;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.dnnl.dnnl_version_t;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The oneDNN library lrlab calls itself (JavaCPP's {@code org.bytedeco:dnnl}, oneDNN 2.5), with one CPU engine and one
 * stream per thread.
 *
 * <p>why: DL4J M2.1 reaches oneDNN only through libnd4j, which builds every primitive again on every call and
 * reorders between layouts each time; lrlab's kernels create their primitives once per layer shape. libnd4j links
 * its own oneDNN statically and exports none of its symbols, so the two copies do not meet.
 */
final class OneDnn {

    private static final Logger log = LoggerFactory.getLogger(OneDnn.class);
    private static final Optional<OneDnn> INSTANCE = load();

    final dnnl_engine engine;
    private final ThreadLocal<dnnl_stream> streams;

    private OneDnn(dnnl_engine engine) {
        this.engine = engine;
        this.streams = ThreadLocal.withInitial(() -> {
            dnnl_stream stream = new dnnl_stream();
            check(dnnl_stream_create(stream, engine, dnnl_stream_default_flags), "stream_create");
            return stream;
        });
    }

    /** The library on the CPU backend; empty on a GPU backend, or when its native code cannot load here. */
    static Optional<OneDnn> get() {
        return INSTANCE;
    }

    /**
     * Whether the user asked for bfloat16 convolutions: {@code lrlab.kernels.bf16} (system property) or
     * {@code LRLAB_KERNELS_BF16}. Off by default, since it changes numerics; every experiment records the choice in its
     * provenance.
     */
    static boolean bf16Allowed() {
        return KernelSwitches.bf16();
    }

    /** Whether oneDNN has bfloat16 kernels on this processor: AVX512_BF16, or AMX, which implies it. */
    static boolean cpuHasBf16() {
        return INSTANCE.isPresent()
                && (dnnl_get_effective_cpu_isa() & dnnl_cpu_isa_avx512_core_bf16) == dnnl_cpu_isa_avx512_core_bf16;
    }

    /**
     * Whether new convolutions take the products of their forward pass and input gradient (and, at some shapes, weight
     * gradient: {@link OneDnnConvolution#lowWeightGradient}) in bfloat16 (input, output gradient and weights rounded to
     * bfloat16; sums, results and the other weight gradients in float): asked for and possible here. why explicit:
     * oneDNN 2.5 accepts the "fpmath mode" attribute that would allow this implicitly, but its float kernels ignore it
     * (measured: the same {@code avx512_core} float kernels, the same times), so lrlab converts the operands itself.
     */
    static boolean bf16() {
        return bf16Allowed() && cpuHasBf16();
    }

    /** The library's version, e.g. {@code 2.5.2}. */
    static String version() {
        if (INSTANCE.isEmpty()) {
            return "unavailable";
        }
        dnnl_version_t v = dnnl_version();
        return v.major() + "." + v.minor() + "." + v.patch();
    }

    dnnl_stream stream() {
        return streams.get();
    }

    private static Optional<OneDnn> load() {
        if (!Nd4j.getEnvironment().isCPU()) {
            return Optional.empty();
        }
        try {
            Loader.load(org.bytedeco.dnnl.global.dnnl.class);
            dnnl_engine engine = new dnnl_engine();
            check(dnnl_engine_create(engine, dnnl_cpu, 0), "engine_create");
            return Optional.of(new OneDnn(engine));
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            log.warn("oneDNN (org.bytedeco:dnnl) is not usable here, convolutions stay on DL4J's kernels: {}", e.toString());
            return Optional.empty();
        }
    }

    static void check(int status, String call) {
        if (status != dnnl_success) {
            throw new IllegalStateException("oneDNN " + call + " failed with status " + status);
        }
    }

    /** A pointer to the first element of a C-ordered, densely strided array (ND4J's address includes a view's offset). */
    static Pointer address(INDArray array) {
        return new Address(array.data().addressPointer().address());
    }

    /** C order with no gaps; a dimension of size 1 may have any stride (ND4J's own check refuses those). */
    static boolean isDense(INDArray a) {
        long expected = 1;
        for (int i = a.rank() - 1; i >= 0; i--) {
            if (a.size(i) != 1 && a.stride(i) != expected) {
                return false;
            }
            expected *= a.size(i);
        }
        return true;
    }

    /** {@code a} itself when {@link #isDense}, else a C-ordered copy. */
    static INDArray dense(INDArray a) {
        return isDense(a) ? a : a.dup('c');
    }

    /** why: JavaCPP keeps a pointer's address in a protected field; this is how a raw address becomes a Pointer. */
    static final class Address extends Pointer {
        Address(long at) {
            address = at;
        }
    }
}
