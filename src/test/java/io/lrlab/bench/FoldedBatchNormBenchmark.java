package io.lrlab.bench;

import io.lrlab.kernel.LayerHelpers;
import io.lrlab.model.ModelPreset;
import io.lrlab.model.ResNet;
import io.lrlab.system.NativeBackend;
import io.lrlab.training.ClassicMomentum;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference network's inference with the batch norms folded into the convolutions before them ({@code
 * BatchNormFolding}) against the same network and weights with every batch norm a pass of its own ({@code
 * lrlab.kernels.fold-batch-norm=false}), in one JVM, pass after pass alternately ({@link AlternatingPasses}). Prints
 * each side's median pass, the median of the per-pair ratios and the largest output difference.
 *
 * <p>Run: {@code bench/run.sh FoldedBatchNormBenchmark [pairs]} (default 60).
 */
public final class FoldedBatchNormBenchmark {

    private static final int BATCH = 128;

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
        AlternatingPasses passes = AlternatingPasses.time(folded, unfolded, x, pairs);
        System.out.printf("native build: %s, cores: %d, %d pairs of inference passes at batch %d%n",
                build, Runtime.getRuntime().availableProcessors(), pairs, BATCH);
        passes.print("folded", "unfolded", BATCH, difference);
        LayerHelpers.release(folded);
        LayerHelpers.release(unfolded);
    }
}
