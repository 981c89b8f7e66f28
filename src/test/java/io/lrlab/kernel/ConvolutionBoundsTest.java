package io.lrlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.system.NativeBackend;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * lrlab's convolutions write only inside the buffers they are given, whatever the channel counts: every output buffer
 * is followed by a guard zone that must come back untouched, and a strided 1x1 convolution with few input channels
 * keeps away from oneDNN 2.5's 1x1 weight-gradient kernels, which overrun their own scratchpad there (see
 * {@link OneDnnConvolution#overrunsItsScratchpad}); with them, this test crashed its JVM on an AVX-512 machine (the
 * case of 8 to 16 channels at stride 2), and so did {@code TrainerTest}, whose tiny ResNet has that shortcut. Where the
 * CPU has AVX512_BF16, every shape runs again on the bfloat16 kernels.
 */
class ConvolutionBoundsTest {

    private static final int GUARD = 1 << 22;
    private static final float SENTINEL = -12345.678f;

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.configure();
    }

    @ParameterizedTest(name = "batch {0}, {1} -> {2} channels, {3}x{3} stride {4}, {5}x{5}")
    @CsvSource({
            "25, 2, 2, 3, 1, 32", "25, 3, 8, 3, 1, 32", "25, 4, 4, 3, 2, 32", "25, 8, 2, 1, 1, 32", "25, 2, 8, 1, 1, 32",
            "25, 8, 16, 1, 2, 32", "25, 4, 16, 1, 1, 16", "25, 8, 4, 1, 1, 32", "25, 8, 8, 1, 1, 32",
            "4, 16, 32, 3, 1, 8", "4, 64, 16, 1, 2, 8", "3, 5, 7, 3, 2, 9"})
    void writesNothingPastItsBuffers(long batch, long in, long out, long kernel, long stride, long size) {
        OneDnn dnn = OneDnn.get().orElseThrow();
        ConvShape shape = ConvShape.same(batch, in, size, size, out, kernel, kernel, stride, stride, true);
        writesNothingPastItsBuffers(dnn, shape, false);
        // bfloat16's kernels, the weight gradient's included, where the CPU has them
        if (OneDnn.cpuHasBf16()) {
            writesNothingPastItsBuffers(dnn, shape, true);
        }
    }

    private static void writesNothingPastItsBuffers(OneDnn dnn, ConvShape shape, boolean bf16) {
        long in = shape.inChannels();
        long out = shape.outChannels();
        long kernel = shape.kernelH();
        try (OneDnnConvolution conv = new OneDnnConvolution(dnn, shape, bf16)) {
            long inputs = shape.inputSize();
            long outputs = shape.outputSize();
            long weightCount = out * in * kernel * kernel;
            FloatPointer input = filled(inputs, 0.5f);
            FloatPointer weights = filled(weightCount, 0.25f);
            FloatPointer outputGradient = filled(outputs, 1f);
            FloatPointer output = guarded(outputs);
            FloatPointer inputGradient = guarded(inputs);
            FloatPointer weightGradient = guarded(weightCount);
            List<String> overwritten = new ArrayList<>();
            conv.forward(input, weights, output);
            check("output", output, outputs, overwritten);
            conv.backward(input, outputGradient, weights, inputGradient, weightGradient);
            check("output", output, outputs, overwritten);
            check("input gradient", inputGradient, inputs, overwritten);
            check("weight gradient", weightGradient, weightCount, overwritten);
            assertThat(overwritten).as("%s, bf16 %s (%s)", shape, bf16, conv.implementations()).isEmpty();
            if (OneDnnConvolution.overrunsItsScratchpad(shape)) {
                String weightGradientKernel = conv.implementations().substring(conv.implementations().lastIndexOf("/ ") + 2);
                assertThat(weightGradientKernel).as(shape.toString()).doesNotStartWith("jit_1x1:");
            }
            for (FloatPointer p : new FloatPointer[] {input, weights, outputGradient, output, inputGradient, weightGradient}) {
                p.deallocate();
            }
        }
    }

    @org.junit.jupiter.api.Test
    void onlyStridedOneByOneConvolutionsWithInputChannelsOffTheBlockAvoidThe1x1WeightGradientKernels() {
        assertThat(OneDnnConvolution.overrunsItsScratchpad(ConvShape.same(25, 8, 32, 32, 16, 1, 1, 2, 2, true))).isTrue();
        assertThat(OneDnnConvolution.overrunsItsScratchpad(ConvShape.same(25, 4, 16, 16, 8, 1, 1, 2, 2, true))).isTrue();
        assertThat(OneDnnConvolution.overrunsItsScratchpad(ConvShape.same(128, 64, 32, 32, 128, 1, 1, 2, 2, true))).isFalse();
        assertThat(OneDnnConvolution.overrunsItsScratchpad(ConvShape.same(25, 8, 32, 32, 16, 1, 1, 1, 1, true))).isFalse();
        assertThat(OneDnnConvolution.overrunsItsScratchpad(ConvShape.same(25, 8, 32, 32, 16, 3, 3, 2, 2, true))).isFalse();
    }

    private static FloatPointer filled(long n, float value) {
        FloatPointer p = new FloatPointer(n + GUARD);
        for (long i = 0; i < n + GUARD; i++) {
            p.put(i, i < n ? value * ((i % 7) - 3) : SENTINEL);
        }
        return p;
    }

    private static FloatPointer guarded(long n) {
        FloatPointer p = new FloatPointer(n + GUARD);
        for (long i = 0; i < n + GUARD; i++) {
            p.put(i, SENTINEL);
        }
        return p;
    }

    private static void check(String name, FloatPointer p, long n, List<String> overwritten) {
        long last = -1;
        for (long i = n; i < n + GUARD; i++) {
            if (p.get(i) != SENTINEL) {
                last = i;
            }
        }
        if (last >= 0) {
            overwritten.add(name + " up to element " + n + " + " + (last - n));
        }
    }
}
