package io.lrlab.kernel;

import io.lrlab.model.ModelPreset;
import io.lrlab.model.ResNet;
import static io.lrlab.kernel.OneDnn.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lrlab.system.NativeBackend;
import io.lrlab.training.ClassicMomentum;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The opt-in bfloat16 convolutions multiply bfloat16 operands and sum in float in the forward pass and the input's
 * gradient: those equal float convolutions of the operands rounded to bfloat16 (up to the order of the sums), and
 * differ from float convolutions of the operands themselves; the weights' gradient is float's. The second half is what a setting that changed nothing would fail, as oneDNN 2.5's
 * "fpmath mode" attribute did. Runs where oneDNN has bfloat16 kernels (AVX512_BF16 or AMX).
 */
class Bf16ConvolutionTest {

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.configure();
    }

    @Test
    void multipliesBfloat16OperandsAndSumsInFloat() {
        assumeTrue(OneDnn.get().isPresent() && OneDnn.cpuHasBf16(), "this CPU has no AVX512_BF16: oneDNN has no bfloat16 kernels here");
        OneDnn dnn = OneDnn.get().orElseThrow();
        for (ConvShape shape : new ConvShape[] {
                ConvShape.same(4, 16, 8, 8, 32, 3, 3, 1, 1, true),
                ConvShape.same(4, 64, 8, 8, 16, 1, 1, 2, 2, true)}) {
            Nd4j.getRandom().setSeed(11);
            INDArray input = Nd4j.randn(DataType.FLOAT, shape.input());
            INDArray weights = Nd4j.randn(DataType.FLOAT, shape.outChannels(), shape.inChannels(), shape.kernelH(), shape.kernelW());
            INDArray outputGradient = Nd4j.randn(DataType.FLOAT, shape.output());

            Result bf16 = run(new OneDnnConvolution(dnn, shape, true), input, weights, outputGradient);
            Result ofRounded = run(new OneDnnConvolution(dnn, shape, false), rounded(input), rounded(weights), rounded(outputGradient));
            Result f32 = run(new OneDnnConvolution(dnn, shape, false), input, weights, outputGradient);

            // the weights' gradient in bfloat16 only at stride-1 windows over 16 channels or more
            boolean lowWeightGradient = shape.strideH() == 1;
            assertThat(OneDnnConvolution.lowWeightGradient(shape)).isEqualTo(lowWeightGradient);
            for (int i = 0; i < (lowWeightGradient ? 3 : 2); i++) {
                INDArray actual = bf16.arrays()[i];
                assertThat(relativeError(actual, ofRounded.arrays()[i])).as("%s %s against float of rounded operands", shape, Result.NAMES[i])
                        .isLessThan(1e-5);
                assertThat(relativeError(actual, f32.arrays()[i])).as("%s %s against float", shape, Result.NAMES[i])
                        .isGreaterThan(1e-4).isLessThan(2e-2);
            }
            if (!lowWeightGradient) {
                assertThat(relativeError(bf16.weightGradient(), f32.weightGradient())).as("%s weight gradient, in float", shape)
                        .isLessThan(1e-6);
            }
        }
    }

    @Test
    void trainsTheWayFloatTrainsToWithinBfloat16sPrecision() {
        assumeTrue(OneDnn.get().isPresent() && OneDnn.cpuHasBf16(), "this CPU has no AVX512_BF16: oneDNN has no bfloat16 kernels here");
        double[] f32 = losses(false);
        double[] bf16 = losses(true);
        assertThat(bf16[bf16.length - 1]).as("it learns").isLessThan(bf16[0] - 0.05);
        for (int step = 0; step < f32.length; step++) {
            assertThat(bf16[step]).as("loss at step %d", step).isCloseTo(f32[step], org.assertj.core.data.Percentage.withPercentage(0.5));
        }
        assertThat(bf16).as("not the float run itself").isNotEqualTo(f32);
    }

    /** The losses of a tiny ResNet trained for a few steps on one fixed batch, its convolutions in bfloat16 or not. */
    private static double[] losses(boolean bf16) {
        System.setProperty("lrlab.kernels.bf16", Boolean.toString(bf16));
        try {
            ComputationGraph net = new ResNet(ModelPreset.RESNET_TINY.spec(), 32, 32, 3, 10).init(7, new ClassicMomentum(0.05, 0.9));
            Nd4j.getRandom().setSeed(5);
            INDArray labels = Nd4j.zeros(DataType.FLOAT, 16, 10);
            for (int i = 0; i < 16; i++) {
                labels.putScalar(i, i % 10, 1);
            }
            DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, 16, 3, 32, 32), labels);
            double[] losses = new double[8];
            for (int step = 0; step < losses.length; step++) {
                net.fit(batch);
                losses[step] = net.score();
            }
            LayerHelpers.release(net);
            return losses;
        } finally {
            System.clearProperty("lrlab.kernels.bf16");
        }
    }

    @Test
    void anExperimentRecordsWhetherItsConvolutionsRanInBfloat16() {
        System.setProperty("lrlab.kernels.bf16", "true");
        try {
            assertThat(OneDnn.bf16()).isEqualTo(OneDnn.cpuHasBf16());
            assertThat(LayerHelpers.kernels().get("kernelArithmetic")).isEqualTo(OneDnn.cpuHasBf16()
                    ? "bf16 products in convolutions forward, backward to their inputs, and to their weights in stride-1 windows larger than 1x1"
                            + " over 16 or more channels; f32 sums, the other weight gradients and everything else"
                    : "f32 (bfloat16 asked for, but this CPU has no AVX512_BF16)");
        } finally {
            System.clearProperty("lrlab.kernels.bf16");
        }
        assertThat(OneDnn.bf16()).isFalse();
        assertThat(LayerHelpers.kernels().get("kernelArithmetic")).isEqualTo("f32");
    }

    @Test
    void anExperimentsPrecisionScopeOverridesTheProcessSettingOnItsThreadOnly() throws Exception {
        System.setProperty("lrlab.kernels.bf16", "true");
        try (KernelPrecision f32 = KernelPrecision.bf16(false)) {
            assertThat(OneDnn.bf16()).as("float32 asked for by the experiment").isFalse();
            assertThat(LayerHelpers.kernels().get("kernelArithmetic")).isEqualTo("f32");
            try (KernelPrecision bf16 = KernelPrecision.bf16(true)) {
                assertThat(OneDnn.bf16()).isEqualTo(OneDnn.cpuHasBf16());
                boolean[] elsewhere = new boolean[1];
                Thread other = new Thread(() -> elsewhere[0] = OneDnn.bf16Allowed());
                other.start();
                other.join();
                assertThat(elsewhere[0]).as("another thread sees the process setting").isTrue();
            }
            assertThat(OneDnn.bf16()).as("the outer scope again").isFalse();
        } finally {
            System.clearProperty("lrlab.kernels.bf16");
        }
        try (KernelPrecision bf16 = KernelPrecision.bf16(true)) {
            assertThat(OneDnn.bf16()).as("bfloat16 asked for by the experiment, the process default off").isEqualTo(OneDnn.cpuHasBf16());
        }
        assertThat(OneDnn.bf16Allowed()).isFalse();
        assertThat(KernelPrecision.bf16Available()).isEqualTo(OneDnnConvHelper.active() && OneDnn.cpuHasBf16());
    }

    private record Result(INDArray output, INDArray inputGradient, INDArray weightGradient) {
        static final String[] NAMES = {"output", "input gradient", "weight gradient"};

        INDArray[] arrays() {
            return new INDArray[] {output, inputGradient, weightGradient};
        }
    }

    private static Result run(OneDnnConvolution conv, INDArray input, INDArray weights, INDArray outputGradient) {
        try (conv) {
            INDArray output = Nd4j.create(DataType.FLOAT, conv.shape.output());
            INDArray inputGradient = Nd4j.create(DataType.FLOAT, conv.shape.input());
            INDArray weightGradient = Nd4j.create(DataType.FLOAT, weights.shape());
            conv.forward(address(input), address(weights), address(output));
            conv.backward(address(input), address(outputGradient), address(weights), address(inputGradient), address(weightGradient));
            return new Result(output, inputGradient, weightGradient);
        }
    }

    /** Each value rounded to the nearest bfloat16 (ties to even), as oneDNN's conversion rounds, kept as a float. */
    private static INDArray rounded(INDArray a) {
        float[] values = a.dup().data().asFloat();
        for (int i = 0; i < values.length; i++) {
            int bits = Float.floatToRawIntBits(values[i]);
            values[i] = Float.intBitsToFloat((bits + 0x7FFF + ((bits >>> 16) & 1)) & 0xFFFF0000);
        }
        return Nd4j.create(values, a.shape(), 'c');
    }

    private static double relativeError(INDArray actual, INDArray expected) {
        return actual.sub(expected).norm2Number().doubleValue() / expected.norm2Number().doubleValue();
    }
}
