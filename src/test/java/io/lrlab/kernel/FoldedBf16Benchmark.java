package io.lrlab.kernel;

import io.lrlab.model.ModelPreset;
import io.lrlab.model.ResNet;
import io.lrlab.system.NativeBackend;
import io.lrlab.training.ClassicMomentum;
import java.util.Arrays;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * bfloat16 inference with folded convolutions handing each other bfloat16 ({@link BatchNormFolding}) against the same
 * network and weights with every folded convolution writing float, in one JVM, pass after pass alternately (why: as
 * in {@code FoldedBatchNormBenchmark}, a shared machine's drift between separate runs exceeds the difference). Prints
 * each side's median pass, the median of the per-pair ratios and the largest output difference. Needs a CPU with
 * AVX512_BF16 or AMX.
 *
 * <p>Run: {@code bench/run.sh kernel.FoldedBf16Benchmark [network] [pairs]} (default resnet20, 60 pairs).
 */
public final class FoldedBf16Benchmark {

    private static final int BATCH = 128;
    private static final int WARMUP = 4;

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
            for (int i = 0; i < WARMUP; i++) {
                between.outputSingle(false, x);
                floatBetween.outputSingle(false, x);
            }
            long[] a = new long[pairs];
            long[] b = new long[pairs];
            double[] ratios = new double[pairs];
            for (int i = 0; i < pairs; i++) {
                boolean bf16First = i % 2 == 0;
                long first = time(bf16First ? between : floatBetween, x);
                long second = time(bf16First ? floatBetween : between, x);
                a[i] = bf16First ? first : second;
                b[i] = bf16First ? second : first;
                ratios[i] = (double) b[i] / a[i];
            }
            Arrays.sort(a);
            Arrays.sort(b);
            Arrays.sort(ratios);
            System.out.printf("native build: %s, cores: %d, %s, %d pairs of bfloat16 inference passes at batch %d%n",
                    build, Runtime.getRuntime().availableProcessors(), preset.id(), pairs, BATCH);
            System.out.printf("bfloat16 between folded convolutions: median pass %.1f ms, %.1f img/s%n", a[pairs / 2] / 1e6,
                    BATCH / (a[pairs / 2] / 1e9));
            System.out.printf("float between them:                   median pass %.1f ms, %.1f img/s%n", b[pairs / 2] / 1e6,
                    BATCH / (b[pairs / 2] / 1e9));
            System.out.printf("speed-up, median of per-pair ratios: %.3f (quartiles %.3f to %.3f); largest output difference %.2e%n",
                    ratios[pairs / 2], ratios[pairs / 4], ratios[3 * pairs / 4], difference);
            LayerHelpers.release(between);
            LayerHelpers.release(floatBetween);
        }
    }

    private static long time(ComputationGraph net, INDArray x) {
        long start = System.nanoTime();
        net.outputSingle(false, x);
        return System.nanoTime() - start;
    }
}
