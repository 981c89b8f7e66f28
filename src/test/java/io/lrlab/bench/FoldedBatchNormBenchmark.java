package io.lrlab.bench;

import io.lrlab.kernel.LayerHelpers;
import io.lrlab.model.ModelPreset;
import io.lrlab.model.ResNet;
import io.lrlab.system.NativeBackend;
import io.lrlab.training.ClassicMomentum;
import java.util.Arrays;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference network's inference with the batch norms folded into the convolutions before them ({@code
 * BatchNormFolding}) against the same network and weights with every batch norm a pass of its own ({@code
 * lrlab.kernels.fold-batch-norm=false}), in one JVM, pass after pass alternately. why alternately: a shared machine's speed drifts
 * by tens of percent within minutes, more than the difference measured, and a pair of passes a second apart sees the
 * same drift. Prints each side's median pass, the median of the per-pair ratios and the largest output difference.
 *
 * <p>Run: {@code bench/run.sh FoldedBatchNormBenchmark [pairs]} (default 60).
 */
public final class FoldedBatchNormBenchmark {

    private static final int BATCH = 128;
    private static final int WARMUP = 4;

    private FoldedBatchNormBenchmark() {
    }

    public static void main(String[] args) {
        String build = NativeBackend.configure();
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        ResNet resnet = new ResNet(ModelPreset.RESNET_REFERENCE.spec(), 32, 32, 3, 10);
        ComputationGraph folded = resnet.init(1, new ClassicMomentum(0.1, 0.9));
        System.setProperty("lrlab.kernels.fold-batch-norm", "false");
        ComputationGraph unfolded = resnet.init(1, new ClassicMomentum(0.1, 0.9));
        System.clearProperty("lrlab.kernels.fold-batch-norm");
        unfolded.setParams(folded.params().dup());

        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(BATCH, 3, 32, 32);
        double difference = folded.outputSingle(false, x).sub(unfolded.outputSingle(false, x)).amaxNumber().doubleValue();
        for (int i = 0; i < WARMUP; i++) {
            folded.outputSingle(false, x);
            unfolded.outputSingle(false, x);
        }
        long[] a = new long[pairs];
        long[] b = new long[pairs];
        double[] ratios = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            // which side goes first alternates too
            boolean foldedFirst = i % 2 == 0;
            long first = time(foldedFirst ? folded : unfolded, x);
            long second = time(foldedFirst ? unfolded : folded, x);
            a[i] = foldedFirst ? first : second;
            b[i] = foldedFirst ? second : first;
            ratios[i] = (double) b[i] / a[i];
        }
        Arrays.sort(a);
        Arrays.sort(b);
        Arrays.sort(ratios);
        System.out.printf("native build: %s, cores: %d, %d pairs of inference passes at batch %d%n",
                build, Runtime.getRuntime().availableProcessors(), pairs, BATCH);
        System.out.printf("folded:    median pass %.1f ms, %.1f img/s%n", a[pairs / 2] / 1e6, BATCH / (a[pairs / 2] / 1e9));
        System.out.printf("unfolded:  median pass %.1f ms, %.1f img/s%n", b[pairs / 2] / 1e6, BATCH / (b[pairs / 2] / 1e9));
        System.out.printf("speed-up, median of per-pair ratios: %.3f (quartiles %.3f to %.3f); largest output difference %.2e%n",
                ratios[pairs / 2], ratios[pairs / 4], ratios[3 * pairs / 4], difference);
        LayerHelpers.release(folded);
        LayerHelpers.release(unfolded);
    }

    private static long time(ComputationGraph net, INDArray x) {
        long start = System.nanoTime();
        net.outputSingle(false, x);
        return System.nanoTime() - start;
    }
}
