package io.lrlab.model;

import static io.lrlab.model.OneDnn.check;
import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.Pointer;

/**
 * The three oneDNN convolution primitives of one layer shape (forward, backward data, backward weights), created once
 * and run on raw float buffers: activations in the caller's layout (NCHW or NHWC, never reordered), weights in DL4J's
 * {@code [out, in, kH, kW]}, reordered into the layout the chosen kernel wants (a few hundred KB at most). Each
 * primitive has its own scratchpad, so a call allocates nothing. Not thread-safe: one layer, one thread at a time.
 */
final class OneDnnConvolution extends OneDnnPrimitives {

    final ConvShape shape;
    private final dnnl_memory src;
    private final dnnl_memory dst;
    private final dnnl_memory weights;
    private final Step forward;
    private final Step backwardData;
    private final Step backwardWeights;
    private final Step weightsForForward;
    private final Step weightsForBackwardData;
    private final Step diffWeightsToUser;

    OneDnnConvolution(OneDnn dnn, ConvShape shape) {
        super(dnn);
        this.shape = shape;
        int activationTag = shape.channelsLast() ? dnnl_nhwc : dnnl_nchw;
        dnnl_memory_desc_t srcMd = desc(new long[] {shape.batch(), shape.inChannels(), shape.height(), shape.width()}, activationTag);
        dnnl_memory_desc_t dstMd = desc(new long[] {shape.batch(), shape.outChannels(), shape.outHeight(), shape.outWidth()}, activationTag);
        long[] weightDims = {shape.outChannels(), shape.inChannels(), shape.kernelH(), shape.kernelW()};
        dnnl_memory_desc_t userWeightsMd = desc(weightDims, dnnl_oihw);
        dnnl_memory_desc_t anyWeightsMd = desc(weightDims, dnnl_format_tag_any);
        long[] strides = {shape.strideH(), shape.strideW()};
        long[] padL = {shape.padTop(), shape.padLeft()};
        long[] padR = {shape.padBottom(), shape.padRight()};

        dnnl_convolution_desc_t fwdDesc = new dnnl_convolution_desc_t();
        check(dnnl_convolution_forward_desc_init(fwdDesc, dnnl_forward_training, dnnl_convolution_direct, srcMd, anyWeightsMd,
                null, dstMd, strides, padL, padR), "convolution_forward_desc_init");
        dnnl_primitive_desc fwdPd = primitiveDesc(fwdDesc, null);
        dnnl_convolution_desc_t bwdDataDesc = new dnnl_convolution_desc_t();
        check(dnnl_convolution_backward_data_desc_init(bwdDataDesc, dnnl_convolution_direct, srcMd, anyWeightsMd, dstMd,
                strides, padL, padR), "convolution_backward_data_desc_init");
        dnnl_primitive_desc bwdDataPd = primitiveDesc(bwdDataDesc, fwdPd);
        dnnl_convolution_desc_t bwdWeightsDesc = new dnnl_convolution_desc_t();
        check(dnnl_convolution_backward_weights_desc_init(bwdWeightsDesc, dnnl_convolution_direct, srcMd, anyWeightsMd, null,
                dstMd, strides, padL, padR), "convolution_backward_weights_desc_init");
        dnnl_primitive_desc bwdWeightsPd = primitiveDesc(bwdWeightsDesc, fwdPd);

        src = memory(srcMd);
        dst = memory(dstMd);
        weights = memory(userWeightsMd);

        dnnl_memory fwdWeights = weights;
        weightsForForward = differs(fwdPd, dnnl_query_weights_md, userWeightsMd)
                ? reorder(weights, fwdWeights = owned(queried(fwdPd, dnnl_query_weights_md))) : null;
        forward = new Step(fwdPd, DNNL_ARG_SRC, src, DNNL_ARG_WEIGHTS, fwdWeights, DNNL_ARG_DST, dst);

        dnnl_memory bwdWeights = weights;
        weightsForBackwardData = differs(bwdDataPd, dnnl_query_weights_md, userWeightsMd)
                ? reorder(weights, bwdWeights = owned(queried(bwdDataPd, dnnl_query_weights_md))) : null;
        // src and dst memories double as diff_src and diff_dst: same shapes and layouts, handles set per call
        backwardData = new Step(bwdDataPd, DNNL_ARG_DIFF_DST, dst, DNNL_ARG_WEIGHTS, bwdWeights, DNNL_ARG_DIFF_SRC, src);

        dnnl_memory diffWeights = weights;
        boolean reorderDiff = differs(bwdWeightsPd, dnnl_query_diff_weights_md, userWeightsMd);
        if (reorderDiff) {
            diffWeights = owned(queried(bwdWeightsPd, dnnl_query_diff_weights_md));
        }
        backwardWeights = new Step(bwdWeightsPd, DNNL_ARG_SRC, src, DNNL_ARG_DIFF_DST, dst, DNNL_ARG_DIFF_WEIGHTS, diffWeights);
        diffWeightsToUser = reorderDiff ? reorder(diffWeights, weights) : null;
        closeLater(srcMd, dstMd, userWeightsMd, anyWeightsMd);
    }

    /** {@code output = conv(input, weights)}. */
    void forward(Pointer input, Pointer userWeights, Pointer output) {
        bindWeights(userWeights, weightsForForward);
        bind(src, input);
        bind(dst, output);
        forward.run();
    }

    /** {@code inputGradient = d loss / d input}, from the gradient at the output. */
    void backwardData(Pointer outputGradient, Pointer userWeights, Pointer inputGradient) {
        bindWeights(userWeights, weightsForBackwardData);
        bind(dst, outputGradient);
        bind(src, inputGradient);
        backwardData.run();
    }

    /** {@code weightGradient = d loss / d weights} in DL4J's layout, overwritten (not accumulated). */
    void backwardWeights(Pointer input, Pointer outputGradient, Pointer weightGradient) {
        bind(src, input);
        bind(dst, outputGradient);
        bind(weights, weightGradient);
        backwardWeights.run();
        if (diffWeightsToUser != null) {
            diffWeightsToUser.run();
        }
    }

    /** Points the weights memory at DL4J's weights and, where {@code reorder} exists, copies them into its kernel's layout. */
    private void bindWeights(Pointer userWeights, Step reorder) {
        bind(weights, userWeights);
        if (reorder != null) {
            reorder.run();
        }
    }

    /** The kernels oneDNN chose, e.g. {@code jit:avx2 / jit:avx2 / jit:avx2}. */
    String implementations() {
        return forward.implementation() + " / " + backwardData.implementation() + " / " + backwardWeights.implementation();
    }
}
