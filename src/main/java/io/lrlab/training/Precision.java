package io.lrlab.training;

import io.lrlab.kernel.KernelPrecision;
import io.lrlab.kernel.KernelSwitches;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The arithmetic an experiment trains in. {@code float32} throughout, or {@code bfloat16}: the products of the
 * convolutions, forward, backward to their inputs and, in stride-1 windows larger than 1x1 over 16 or more channels, to
 * their weights, in bfloat16; sums, the other weight gradients, the weights' master copy and updates, batch-norm
 * statistics and the loss in float32. Only a worker whose CPU has AVX512_BF16 or AMX claims a
 * bfloat16 experiment.
 */
public enum Precision {
    FLOAT32("float32"),
    BFLOAT16("bfloat16");

    private final String id;

    Precision(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Precision> fromId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id == null ? null : id.trim().toLowerCase(Locale.ROOT))).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Precision::id).toList();
    }

    /**
     * What an experiment that names none trains in: bfloat16 when {@code lrlab.kernels.bf16} asks for it and this node's
     * CPU has the kernels (elsewhere the setting changes nothing, as it never did), else float32.
     */
    public static Precision processDefault() {
        return KernelSwitches.defaultBf16() && bfloat16Here() ? BFLOAT16 : FLOAT32;
    }

    /** Whether this process's worker can train in bfloat16. */
    public static boolean bfloat16Here() {
        return KernelPrecision.bf16Available();
    }

    /** Opens the arithmetic for the networks this thread builds and runs until the scope is closed. */
    public Scope open() {
        return KernelPrecision.bf16(this == BFLOAT16)::close;
    }

    /** An open precision: closing it restores what the thread had before. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
