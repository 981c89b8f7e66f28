package io.lrlab.kernel;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Puts lrlab's batch-norm kernels into every batch-norm layer of a network, and frees the native memory of all its
 * layers' kernels. (Convolution layers choose theirs when they are made: {@link LinearConvolutionLayer}.)
 * why: DL4J M2.1 offers no way to choose a batch-norm helper; the layer keeps it in a package-private field.
 */
public final class LayerHelpers {

    private static final Field HELPER = helperField();

    private LayerHelpers() {
    }

    /** Whether networks get lrlab's batch-norm kernels: the CPU backend, the helper field reachable, not switched off. */
    public static boolean active() {
        return HELPER != null && !KernelSwitches.dl4jBatchNorm() && Nd4j.getEnvironment().isCPU();
    }

    /**
     * Also puts DL4J's updater on its standard path ({@link FlatGradientUpdater}), on every backend, and folds the batch
     * norms that follow a convolution into it for inference ({@link BatchNormFolding}).
     *
     * @return how many layers now use lrlab's batch-norm kernels: 0 when the field could not be reached, when switched
     *     off, and on a GPU backend, whose arrays those host-memory kernels must not touch
     */
    public static int install(ComputationGraph net) {
        FlatGradientUpdater.install(net);
        if (!active()) {
            return 0;
        }
        int installed = 0;
        for (Layer layer : net.getLayers()) {
            if (layer instanceof BatchNormalization) {
                try {
                    HELPER.set(layer, helperFor((BatchNormalization) layer));
                    installed++;
                } catch (IllegalAccessException e) {
                    return installed;
                }
            }
        }
        BatchNormFolding.link(net);
        return installed;
    }

    /** Which kernels new networks train on, for an experiment's provenance: they decide the last bits of every sum. */
    public static Map<String, String> kernels() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("layout", OneDnnConvHelper.active() ? "NHWC" : "NCHW");
        out.put("convolutionKernels", OneDnnConvHelper.active() ? "lrlab oneDNN " + OneDnn.version() : "dl4j");
        out.put("batchNormKernels", active() && OneDnn.get().isPresent() ? "lrlab oneDNN " + OneDnn.version() : "dl4j");
        out.put("kernelArithmetic", kernelArithmetic());
        // inference only: the folded product rounds differently in the last bits, as another order of sums would
        out.put("inferenceBatchNorm", active() && OneDnnConvHelper.active() && KernelSwitches.foldBatchNorm()
                ? "folded into the convolution before it where that convolution feeds it alone" : "a pass of its own");
        return out;
    }

    /** {@code f32}; with bfloat16 asked for (the experiment's precision, or {@code lrlab.kernels.bf16}), bf16 products where oneDNN has bfloat16 kernels, else says why not. */
    private static String kernelArithmetic() {
        if (!OneDnn.bf16Allowed()) {
            return "f32";
        }
        if (!OneDnnConvHelper.active()) {
            return "f32 (bfloat16 asked for, but convolutions are on DL4J's kernels)";
        }
        return OneDnn.cpuHasBf16()
                ? "bf16 products in convolutions forward, backward to their inputs, and to their weights in stride-1 windows larger than 1x1"
                        + " over 16 or more channels; f32 sums, the other weight gradients and everything else"
                : "f32 (bfloat16 asked for, but this CPU has no AVX512_BF16)";
    }

    /**
     * Frees the native primitives and buffers of the network's oneDNN kernels now, rather than never (they are not on
     * the Java heap, so the garbage collector does not see their weight). The network stays usable: a kernel builds
     * its primitives again when it next runs.
     */
    public static void release(ComputationGraph net) {
        for (GraphVertex vertex : net.getVertices()) {
            if (vertex instanceof ResidualAddVertex add) {
                add.release();
            }
        }
        for (Layer layer : net.getLayers()) {
            if (layer instanceof LinearConvolutionLayer conv) {
                conv.release();
            }
            if (layer.getHelper() instanceof AutoCloseable kernels) {
                try {
                    kernels.close();
                } catch (Exception e) {
                    throw new IllegalStateException("could not free the kernels of layer " + layer.conf().getLayer().getLayerName(), e);
                }
            }
        }
    }

    /** oneDNN's kernels for channels-last activations, lrlab's Java loops for the channels-first networks of lrlab 0.1 and 0.2. */
    private static BatchNormalizationHelper helperFor(BatchNormalization layer) {
        boolean relu = layer instanceof FusedBatchNormLayer fused && fused.relu();
        var conf = (org.deeplearning4j.nn.conf.layers.BatchNormalization) layer.conf().getLayer();
        if (conf.getCnn2DFormat() == CNN2DFormat.NHWC && OneDnn.get().isPresent()) {
            return new OneDnnBatchNormHelper(OneDnn.get().get(), relu);
        }
        return new FastBatchNormHelper(relu);
    }

    private static Field helperField() {
        try {
            Field field = BatchNormalization.class.getDeclaredField("helper");
            if (!BatchNormalizationHelper.class.isAssignableFrom(field.getType())) {
                return null;
            }
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            return null;
        }
    }
}
