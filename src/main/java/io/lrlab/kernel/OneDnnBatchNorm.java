package io.lrlab.kernel;

import static io.lrlab.kernel.OneDnn.check;
import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.dnnl_batch_normalization_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * oneDNN's batch normalisation of one activation shape, optionally followed by a fused ReLU: training forward (batch
 * statistics out), inference forward (running statistics in) and backward (input, gamma and beta gradients), created
 * once. Biased batch variance and {@code y = gamma * (x - mean) / sqrt(var + eps) + beta}, as in DL4J. With the ReLU
 * fused, the forward pass keeps a bit mask in a workspace and the backward pass applies it to the incoming gradient.
 * Per-channel values cross in Java arrays (a few hundred floats); activations stay in native memory.
 */
final class OneDnnBatchNorm extends OneDnnPrimitives {

    record Shape(long batch, long channels, long height, long width, boolean channelsLast, float eps, boolean relu) {
    }

    final Shape shape;
    private final int channels;
    private final dnnl_memory x;
    private final dnnl_memory y;
    private final dnnl_memory dy;
    private final dnnl_memory dx;
    private final FloatPointer scaleShift;
    private final FloatPointer batchMean;
    private final FloatPointer batchVariance;
    private final FloatPointer runningMean;
    private final FloatPointer runningVariance;
    private final FloatPointer diffScaleShift;
    private final Step training;
    private final Step inference;
    private final Step backward;

    OneDnnBatchNorm(OneDnn dnn, Shape shape) {
        super(dnn);
        this.shape = shape;
        this.channels = Math.toIntExact(shape.channels());
        dnnl_memory_desc_t dataMd = desc(new long[] {shape.batch(), shape.channels(), shape.height(), shape.width()},
                shape.channelsLast() ? dnnl_nhwc : dnnl_nchw);
        dnnl_memory_desc_t scaleShiftMd = desc(new long[] {2, shape.channels()}, dnnl_nc);
        dnnl_memory_desc_t statMd = desc(new long[] {shape.channels()}, dnnl_x);
        closeLater(dataMd, scaleShiftMd, statMd);
        int flags = dnnl_use_scaleshift | (shape.relu() ? dnnl_fuse_norm_relu : 0);

        dnnl_batch_normalization_desc_t trainDesc = new dnnl_batch_normalization_desc_t();
        check(dnnl_batch_normalization_forward_desc_init(trainDesc, dnnl_forward_training, dataMd, shape.eps(), flags),
                "batch_normalization_forward_desc_init");
        dnnl_primitive_desc trainPd = primitiveDesc(trainDesc, null);
        dnnl_batch_normalization_desc_t inferDesc = new dnnl_batch_normalization_desc_t();
        check(dnnl_batch_normalization_forward_desc_init(inferDesc, dnnl_forward_inference, dataMd, shape.eps(),
                flags | dnnl_use_global_stats), "batch_normalization_forward_desc_init");
        dnnl_primitive_desc inferPd = primitiveDesc(inferDesc, null);
        dnnl_batch_normalization_desc_t backDesc = new dnnl_batch_normalization_desc_t();
        check(dnnl_batch_normalization_backward_desc_init(backDesc, dnnl_backward, dataMd, dataMd, shape.eps(), flags),
                "batch_normalization_backward_desc_init");
        dnnl_primitive_desc backPd = primitiveDesc(backDesc, trainPd);

        x = memory(dataMd);
        y = memory(dataMd);
        dy = memory(dataMd);
        dx = memory(dataMd);
        dnnl_memory scaleShiftMem = owned(scaleShiftMd);
        dnnl_memory meanMem = owned(statMd);
        dnnl_memory varMem = owned(statMd);
        dnnl_memory runningMeanMem = owned(statMd);
        dnnl_memory runningVarMem = owned(statMd);
        dnnl_memory diffScaleShiftMem = owned(scaleShiftMd);
        scaleShift = floats(scaleShiftMem, 2L * channels);
        batchMean = floats(meanMem, channels);
        batchVariance = floats(varMem, channels);
        runningMean = floats(runningMeanMem, channels);
        runningVariance = floats(runningVarMem, channels);
        diffScaleShift = floats(diffScaleShiftMem, 2L * channels);

        if (shape.relu()) {
            dnnl_memory workspace = owned(queried(trainPd, dnnl_query_workspace_md));
            training = new Step(trainPd, DNNL_ARG_SRC, x, DNNL_ARG_SCALE_SHIFT, scaleShiftMem, DNNL_ARG_DST, y,
                    DNNL_ARG_MEAN, meanMem, DNNL_ARG_VARIANCE, varMem, DNNL_ARG_WORKSPACE, workspace);
            backward = new Step(backPd, DNNL_ARG_SRC, x, DNNL_ARG_MEAN, meanMem, DNNL_ARG_VARIANCE, varMem,
                    DNNL_ARG_DIFF_DST, dy, DNNL_ARG_SCALE_SHIFT, scaleShiftMem, DNNL_ARG_WORKSPACE, workspace,
                    DNNL_ARG_DIFF_SRC, dx, DNNL_ARG_DIFF_SCALE_SHIFT, diffScaleShiftMem);
        } else {
            training = new Step(trainPd, DNNL_ARG_SRC, x, DNNL_ARG_SCALE_SHIFT, scaleShiftMem, DNNL_ARG_DST, y,
                    DNNL_ARG_MEAN, meanMem, DNNL_ARG_VARIANCE, varMem);
            backward = new Step(backPd, DNNL_ARG_SRC, x, DNNL_ARG_MEAN, meanMem, DNNL_ARG_VARIANCE, varMem,
                    DNNL_ARG_DIFF_DST, dy, DNNL_ARG_SCALE_SHIFT, scaleShiftMem,
                    DNNL_ARG_DIFF_SRC, dx, DNNL_ARG_DIFF_SCALE_SHIFT, diffScaleShiftMem);
        }
        inference = new Step(inferPd, DNNL_ARG_SRC, x, DNNL_ARG_SCALE_SHIFT, scaleShiftMem, DNNL_ARG_DST, y,
                DNNL_ARG_MEAN, runningMeanMem, DNNL_ARG_VARIANCE, runningVarMem);
    }

    /** Normalises with the batch's own statistics, which it returns in {@code mean} and {@code variance}. */
    void forwardTraining(Pointer input, float[] gamma, float[] beta, Pointer output, float[] mean, float[] variance) {
        scaleShift.put(gamma, 0, channels).position(channels).put(beta, 0, channels).position(0);
        bind(x, input);
        bind(y, output);
        training.run();
        batchMean.get(mean, 0, channels);
        batchVariance.get(variance, 0, channels);
    }

    /** Normalises with given (running) statistics. */
    void forwardInference(Pointer input, float[] gamma, float[] beta, float[] mean, float[] variance, Pointer output) {
        scaleShift.put(gamma, 0, channels).position(channels).put(beta, 0, channels).position(0);
        runningMean.put(mean, 0, channels);
        runningVariance.put(variance, 0, channels);
        bind(x, input);
        bind(y, output);
        inference.run();
    }

    /**
     * Gradients after the last {@link #forwardTraining} of the same input: the input's into {@code inputGradient}, and
     * gamma's and beta's into the arrays.
     */
    void backward(Pointer input, Pointer outputGradient, float[] gamma, float[] beta, Pointer inputGradient,
                  float[] gammaGradient, float[] betaGradient) {
        scaleShift.put(gamma, 0, channels).position(channels).put(beta, 0, channels).position(0);
        bind(x, input);
        bind(dy, outputGradient);
        bind(dx, inputGradient);
        backward.run();
        diffScaleShift.get(gammaGradient, 0, channels).position(channels).get(betaGradient, 0, channels).position(0);
    }

    String implementations() {
        return training.implementation() + " / " + inference.implementation() + " / " + backward.implementation();
    }

    private static FloatPointer floats(dnnl_memory memory, long count) {
        return new FloatPointer(buffer(memory)).capacity(count).limit(count);
    }
}
