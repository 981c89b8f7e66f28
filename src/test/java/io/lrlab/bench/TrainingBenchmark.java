package io.lrlab.bench;

import io.lrlab.TestData;
import io.lrlab.dataset.TrainTestData;
import io.lrlab.kernel.Dl4jConvolutions;
import io.lrlab.kernel.LayerHelpers;
import io.lrlab.model.ModelPreset;
import io.lrlab.model.ResNet;
import io.lrlab.schedule.Schedules;
import io.lrlab.system.NativeBackend;
import io.lrlab.training.ClassicMomentum;
import io.lrlab.training.EpochMetrics;
import io.lrlab.training.CheckpointStore;
import io.lrlab.training.EpochTimings;
import io.lrlab.training.Trainer;
import io.lrlab.training.TrainingMonitor;
import io.lrlab.training.TrainingSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Prints, for each network at batch 128: training images/s, inference images/s, and what DL4J's own convolution ops
 * alone would allow (every conv layer's shapes and layout run as raw libnd4j conv2d + conv2d_bp ops, the median of 9
 * runs each; training is timed as its median step too: lrlab's kernels now train the whole network faster than that);
 * a preset id ending in {@code @0.2} measures the network as lrlab 0.2 built it (channels-first, DL4J's convolution
 * helper), for a before-and-after in one run; then heap and
 * off-heap memory through a small real run (epochs 1, 10, 20, then every 20th) and six new networks trained after it, one
 * after another, as a worker trains experiment after experiment. Process resident memory also counts
 * the heap the JVM has committed, which G1 grows and shrinks as it sizes itself; the resident memory outside the
 * heap is the figure that would show a native leak.
 *
 * <p>Run: {@code bench/run.sh TrainingBenchmark [memory[:epochs]] [epoch[:images]] [no-bound] [presets[@0.2]...]} (default: memory over
 * 20 epochs and all three presets; {@code epoch} times one whole epoch of the reference network: the share spent
 * waiting for batches, and evaluation images/s; {@code no-bound} leaves out the DL4J conv-ops bound).
 */
public final class TrainingBenchmark {

    private static final int BATCH = 128;
    /**
     * Steps before the reference network's timed ones, as {@code bench/pytorch_resnet.py} does. why 20: the JVM's
     * compiler is still at work in the first 40 s of a run (1,085 methods compiled between 30 and 40 s, under 100 in
     * each 10 s after that, {@code -XX:+PrintCompilation}), on the cores the kernels need: steps 7 to 15 took 5% to 16%
     * longer (medians, four runs) than steps 21 to 40 of the same run.
     */
    private static final int WARMUP_STEPS = 20;
    /** Inference passes before the timed ones, as bench/pytorch_resnet.py (INFERENCE_WARMUP). */
    private static final int INFERENCE_WARMUP_STEPS = 4;
    /** Suffix of a preset id that measures the network as lrlab 0.2 built it, e.g. {@code resnet-reference@0.2}. */
    private static final String LRLAB_0_2 = "@0.2";
    /** Argument that leaves out the DL4J conv-ops bound (NaN in its columns), for runs that only compare speeds. */
    private static final String NO_BOUND = "no-bound";

    public static void main(String[] args) throws Exception {
        NativeBackend.configure();
        System.out.println("native build: " + NativeBackend.configure() + ", cores: " + Runtime.getRuntime().availableProcessors());
        List<String> chosen = args.length > 0 ? Arrays.asList(args) : List.of("memory", "resnet-tiny", "resnet-mini", "resnet-reference");
        // memory first, so the large networks measured later do not inflate the process's off-heap figure
        for (String id : chosen) {
            if (id.startsWith("memory")) {
                memory(id.contains(":") ? Integer.parseInt(id.substring(id.indexOf(':') + 1)) : 20);
            }
        }
        for (String id : chosen) {
            if (id.startsWith("epoch")) {
                wholeEpoch(id.contains(":") ? Integer.parseInt(id.substring(id.indexOf(':') + 1)) : 2560);
            }
        }
        boolean withBound = !chosen.contains(NO_BOUND);
        List<String> presets = chosen.stream().filter(id -> !id.startsWith("memory") && !id.startsWith("epoch") && !id.equals(NO_BOUND))
                .toList();
        if (presets.isEmpty()) {
            return;
        }
        System.out.printf("%-22s %10s %12s %12s %18s %16s%n", "network", "params", "train img/s", "infer img/s",
                "dl4j conv ops img/s", "train/dl4j ops");
        for (String id : presets) {
            boolean before = id.endsWith(LRLAB_0_2);
            ModelPreset preset = ModelPreset.fromId(before ? id.substring(0, id.length() - LRLAB_0_2.length()) : id).orElseThrow();
            ComputationGraph net = before ? lrlab02(preset) : new ResNet(preset.spec(), 32, 32, 3, 10).init(1, new ClassicMomentum(0.01, 0.9));
            boolean big = preset == ModelPreset.RESNET_REFERENCE;
            DataSet batch = new DataSet(Nd4j.rand(BATCH, 3, 32, 32), Nd4j.eye(10).repeat(0, 13).getRows(range(BATCH)));
            double train = trainingRate(net, batch, big ? WARMUP_STEPS : 10, big ? 9 : 31);
            double infer = inferenceRate(net, batch.getFeatures(), big ? INFERENCE_WARMUP_STEPS : 5, big ? 9 : 31);
            double bound = withBound ? convBound(net) : Double.NaN;
            System.out.printf("%-22s %10d %12.1f %12.1f %18.1f %16.2f%n", id, net.numParams(), train, infer, bound, train / bound);
            LayerHelpers.release(net);
            Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        }
    }

    /** The network as lrlab 0.2 trained it: channels-first, DL4J's oneDNN convolution helper, Java batch-norm kernels. */
    private static ComputationGraph lrlab02(ModelPreset preset) {
        return Dl4jConvolutions.building(() -> new ResNet(preset.spec(), 32, 32, 3, 10).channelsFirst()
                .init(1, new ClassicMomentum(0.01, 0.9)));
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** Images/s of the median training step: the same statistic as the bound, on a machine whose timings jump. */
    static double trainingRate(ComputationGraph net, DataSet batch, int warmup, int steps) {
        return medianRate(() -> net.fit(batch), warmup, steps);
    }

    /**
     * Images/s of the median inference pass, as {@code bench/pytorch_resnet.py} times PyTorch's (it used the mean of 5
     * passes after 2, which a single slow pass on a noisy machine dragged down while PyTorch's median ignored it).
     */
    static double inferenceRate(ComputationGraph net, INDArray x, int warmup, int steps) {
        return medianRate(() -> net.outputSingle(false, x), warmup, steps);
    }

    /** Images/s of the median of {@code steps} timed runs of {@code batchStep}, after {@code warmup} untimed ones. */
    private static double medianRate(Runnable batchStep, int warmup, int steps) {
        for (int i = 0; i < warmup; i++) {
            batchStep.run();
        }
        long[] nanos = new long[steps];
        for (int i = 0; i < steps; i++) {
            long start = System.nanoTime();
            batchStep.run();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return BATCH / (nanos[steps / 2] / 1e9);
    }

    /** Seconds per training step spent in convolutions alone: forward plus backward of every conv layer's shapes. */
    static double convBound(ComputationGraph net) {
        Map<String, InputType> types = net.getConfiguration().getLayerActivationTypes(InputType.convolutional(32, 32, 3));
        double seconds = 0;
        for (var entry : net.getConfiguration().getVertices().entrySet()) {
            if (!(entry.getValue() instanceof LayerVertex lv) || !(lv.getLayerConf().getLayer() instanceof ConvolutionLayer conv)) {
                continue;
            }
            String input = net.getConfiguration().getVertexInputs().get(entry.getKey()).get(0);
            InputType.InputTypeConvolutional in = (InputType.InputTypeConvolutional) types.get(input);
            seconds += convSeconds((int) in.getChannels(), (int) in.getHeight(), (int) conv.getNOut(),
                    conv.getKernelSize()[0], conv.getStride()[0]);
        }
        return BATCH / seconds;
    }

    private static double convSeconds(int channels, int side, int filters, int kernel, int stride) {
        int out = (side + stride - 1) / stride;
        INDArray x = Nd4j.rand(BATCH, channels, side, side);
        // weights as DL4J's conv layers hold and pass them: [out, in, kH, kW], weight format 1
        INDArray w = Nd4j.rand(new long[] {filters, channels, kernel, kernel});
        INDArray y = Nd4j.create(BATCH, filters, out, out);
        INDArray gradO = Nd4j.rand(BATCH, filters, out, out);
        INDArray gradI = Nd4j.create(BATCH, channels, side, side);
        INDArray gradW = Nd4j.create(filters, channels, kernel, kernel);
        int[] args = {kernel, kernel, stride, stride, 0, 0, 1, 1, 1, 0, 1};
        DynamicCustomOp fwd = DynamicCustomOp.builder("conv2d").addInputs(x, w).addOutputs(y).addIntegerArguments(args).build();
        DynamicCustomOp bwd = DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, gradO).addOutputs(gradI, gradW)
                .addIntegerArguments(args).build();
        for (int i = 0; i < 3; i++) {
            Nd4j.exec(fwd);
            Nd4j.exec(bwd);
        }
        // the median of several runs: this machine is shared, and single timings jump
        long[] nanos = new long[9];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            Nd4j.exec(fwd);
            Nd4j.exec(bwd);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos[nanos.length / 2] / 1e9;
    }

    /**
     * One real epoch of the reference network on {@code images} CIFAR-10 images (batch 128) and its evaluation on 1,000
     * test images: the share of the training part spent waiting for batches, and evaluation images/s.
     */
    static void wholeEpoch(int images) {
        TrainTestData data = TestData.cifarAtScale(images, 1000);
        TrainingSpec spec = new TrainingSpec(ModelPreset.RESNET_REFERENCE.spec(), Schedules.build("none", 0.01, 1, Map.of(), "p"),
                BATCH, 0.9, null, 1, true);
        List<EpochTimings> timings = new ArrayList<>();
        new Trainer().train(spec, data, CheckpointStore.inMemory(), new TrainingMonitor() {
            @Override
            public void onEpoch(EpochMetrics m) {
            }

            @Override
            public void onTimings(EpochTimings t) {
                timings.add(t);
            }
        });
        EpochTimings t = timings.get(0);
        System.out.printf("whole epoch, resnet-reference, %d images, batch %d, augmented: training %.1f s (%.1f img/s), waiting for "
                        + "batches %.2f s = %.2f%% of it; evaluation of %d images %.1f s = %.1f img/s%n", images, BATCH, t.trainSeconds(),
                images / t.trainSeconds(), t.dataWaitSeconds(), 100 * t.dataWaitShare(), t.evalImages(), t.evalSeconds(), t.evalImagesPerSecond());
    }

    /** Heap and off-heap after epoch 1 and epoch 20 of a real run of resnet-mini on 1,000 CIFAR-10 images. */
    static void memory(int epochs) throws Exception {
        TrainTestData data = TestData.cifarAtScale(1000, 200);
        List<String> lines = new ArrayList<>();
        TrainingSpec spec = new TrainingSpec(ModelPreset.RESNET_MINI.spec(), Schedules.build("linear", 0.05, epochs, Map.of(), "p"),
                BATCH, 0.9, null, 1);
        new Trainer().train(spec, data, CheckpointStore.inMemory(), new TrainingMonitor() {
            @Override
            public void onEpoch(EpochMetrics m) {
                if (m.epoch() == 0 || m.epoch() == 9 || (m.epoch() + 1) % 20 == 0) {
                    System.gc();
                    Runtime rt = Runtime.getRuntime();
                    long resident = Pointer.physicalBytes();
                    // resident minus committed heap: what native code and the JVM itself hold outside the heap
                    lines.add(String.format("after epoch %3d: heap used %6.1f MB, heap committed %6.1f MB, process resident %7.1f MB, "
                                    + "resident outside the heap %6.1f MB, JavaCPP-tracked off-heap %5.1f MB", m.epoch() + 1,
                            (rt.totalMemory() - rt.freeMemory()) / 1e6, rt.totalMemory() / 1e6, resident / 1e6,
                            (resident - rt.totalMemory()) / 1e6, Pointer.totalBytes() / 1e6));
                }
            }
        });
        lines.forEach(System.out::println);
        // then one new network after another, as a worker trains experiment after experiment: each run's native kernels
        // (oneDNN primitives, scratchpads, reordered weights) are freed when it ends, so this figure must not climb
        for (int run = 1; run <= 6; run++) {
            TrainingSpec shortRun = new TrainingSpec(ModelPreset.RESNET_MINI.spec(), Schedules.build("linear", 0.05, 2, Map.of(), "p"),
                    BATCH, 0.9, null, 100 + run);
            new Trainer().train(shortRun, data, CheckpointStore.inMemory(), metrics -> { });
            System.gc();
            Runtime rt = Runtime.getRuntime();
            System.out.printf("after new network %d (2 epochs): heap used %6.1f MB, process resident %7.1f MB, resident outside the heap %6.1f MB%n",
                    run, (rt.totalMemory() - rt.freeMemory()) / 1e6, Pointer.physicalBytes() / 1e6,
                    (Pointer.physicalBytes() - rt.totalMemory()) / 1e6);
        }
    }
}
