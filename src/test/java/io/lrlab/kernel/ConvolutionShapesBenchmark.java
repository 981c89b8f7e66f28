package io.lrlab.kernel;

import io.lrlab.system.NativeBackend;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * lrlab's oneDNN convolution alone, at the six 3x3 shapes of He et al.'s CIFAR ResNets (batch 128, channels-last,
 * float32, or with {@code bf16} bfloat16 products as {@link OneDnn#bf16()} takes them, conversions included): per shape the median of the forward pass and of the backward pass (input gradient, then weight gradient),
 * and the kernels oneDNN chose. {@code bench/pytorch_conv_shapes.py} times the same shapes in PyTorch, so the two say
 * whether a network's gap to PyTorch lies in its convolutions or around them.
 *
 * <p>Run: {@code bench/run.sh kernel.ConvolutionShapesBenchmark [calls] [bf16]} (default 30 calls, float32).
 */
public final class ConvolutionShapesBenchmark {

    /**
     * {input channels, height and width, output channels, stride}: the stem, then each stage's first and other
     * convolutions.
     */
    static final long[][] SHAPES = {{3, 32, 16, 1}, {16, 32, 16, 1}, {16, 32, 32, 2}, {32, 16, 32, 1}, {32, 16, 64, 2}, {64, 8, 64, 1}};
    static final int BATCH = 128;

    private ConvolutionShapesBenchmark() {
    }

    public static void main(String[] args) {
        NativeBackend.configure();
        OneDnn dnn = OneDnn.get().orElseThrow(() -> new IllegalStateException("lrlab's oneDNN kernels are not loaded here"));
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        boolean bf16 = args.length > 1 && args[1].equals("bf16");
        System.out.printf("%-22s %10s %10s  %s%n", "in, size, out, stride", "fwd ms", "bwd ms", "kernels (fwd / bwd data / bwd weights)");
        for (long[] s : SHAPES) {
            ConvShape shape = ConvShape.same(BATCH, s[0], s[1], s[1], s[2], 3, 3, s[3], s[3], true);
            try (OneDnnConvolution conv = new OneDnnConvolution(dnn, shape, bf16)) {
                INDArray input = Nd4j.rand(DataType.FLOAT, shape.input());
                INDArray output = Nd4j.create(DataType.FLOAT, shape.output());
                INDArray weights = Nd4j.rand(DataType.FLOAT, shape.weights());
                INDArray inputGradient = Nd4j.create(DataType.FLOAT, shape.input());
                INDArray weightGradient = Nd4j.create(DataType.FLOAT, shape.weights());
                double[] forward = new double[calls];
                double[] backward = new double[calls];
                for (int i = 0; i < calls; i++) {
                    long t0 = System.nanoTime();
                    conv.forward(OneDnn.address(input), OneDnn.address(weights), OneDnn.address(output));
                    long t1 = System.nanoTime();
                    conv.backward(OneDnn.address(input), OneDnn.address(output), OneDnn.address(weights),
                            OneDnn.address(inputGradient), OneDnn.address(weightGradient));
                    long t2 = System.nanoTime();
                    forward[i] = (t1 - t0) / 1e6;
                    backward[i] = (t2 - t1) / 1e6;
                }
                System.out.printf("%-22s %10.2f %10.2f  %s%n", Arrays.toString(s), median(forward), median(backward), conv.implementations());
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
