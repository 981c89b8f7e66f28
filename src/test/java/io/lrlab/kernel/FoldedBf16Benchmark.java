package io.lrlab.kernel;

import io.lrlab.model.ModelPreset;
import io.lrlab.model.ResNet;
import io.lrlab.system.NativeBackend;
import io.lrlab.training.ClassicMomentum;
import io.lrlab.bench.AlternatingPasses;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * bfloat16 inference with folded convolutions handing each other bfloat16 ({@link BatchNormFolding}) against the same
 * network and weights with every folded convolution writing float, in one JVM, pass after pass alternately
 * ({@link AlternatingPasses}: a shared machine's drift between separate runs exceeds the difference). Prints
 * each side's median pass, the median of the per-pair ratios and the largest output difference. Needs a CPU with
 * AVX512_BF16 or AMX.
 *
 * <p>Run: {@code bench/run.sh kernel.FoldedBf16Benchmark [network] [pairs]} (default resnet20, 60 pairs).
 */
public final class FoldedBf16Benchmark {

    private static final int BATCH = 128;

    private FoldedBf16Benchmark() {
    }

    public static void main(String[] args) {
        String build = NativeBackend.configure();
        if (!KernelPrecision.bf16Available()) {
            throw new IllegalStateException("this CPU has no AVX512_BF16 or AMX, or lrlab's kernels are off");
        }
        ModelPreset preset = ModelPreset.fromId(args.length > 0 ? args[0] : "resnet20").orElseThrow();
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        try (KernelPrecision bf16 = KernelPrecision.bf16(true)) {
            ResNet resnet = new ResNet(preset.spec(), 32, 32, 3, 10);
            ComputationGraph between = resnet.init(1, new ClassicMomentum(0.1, 0.9));
            ComputationGraph floatBetween = resnet.init(1, new ClassicMomentum(0.1, 0.9));
            floatBetween.setParams(between.params().dup());
            BatchNormFolding.link(floatBetween, false);

            Nd4j.getRandom().setSeed(1);
            INDArray x = Nd4j.rand(BATCH, 3, 32, 32);
            double difference = between.outputSingle(false, x).sub(floatBetween.outputSingle(false, x)).amaxNumber().doubleValue();
            AlternatingPasses passes = AlternatingPasses.time(between, floatBetween, x, pairs);
            System.out.printf("native build: %s, cores: %d, %s, %d pairs of bfloat16 inference passes at batch %d%n",
                    build, Runtime.getRuntime().availableProcessors(), preset.id(), pairs, BATCH);
            passes.print("bfloat16 between folded convolutions", "float between them", BATCH, difference);
            LayerHelpers.release(between);
            LayerHelpers.release(floatBetween);
        }
    }
}
