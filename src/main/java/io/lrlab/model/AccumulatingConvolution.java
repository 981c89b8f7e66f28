package io.lrlab.model;

import static io.lrlab.model.OneDnn.check;
import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.Pointer;

/**
 * {@code accumulator += conv(input, weights)} in one pass, for inference: oneDNN's forward convolution with a sum
 * post-op, which reads each output element from the accumulator as it writes it. The last convolution of a residual
 * module adds itself to the module's shortcut this way ({@link InPlaceResiduals}). why: a separate add reads two of
 * the network's widest activations and writes a third, at memory speed; here the convolution's output, still in
 * cache, meets one read. Float, in the caller's layout, like {@link OneDnnConvolution}; not thread-safe.
 */
final class AccumulatingConvolution extends OneDnnPrimitives {

    final ConvShape shape;
    private final dnnl_memory src;
    private final dnnl_memory dst;
    private final dnnl_memory weights;
    private final Step weightsToKernel;
    private final Step forward;

    AccumulatingConvolution(OneDnn dnn, ConvShape shape) {
        super(dnn);
        this.shape = shape;
        int activationTag = shape.channelsLast() ? dnnl_nhwc : dnnl_nchw;
        dnnl_memory_desc_t srcMd = desc(shape.logicalInput(), activationTag);
        dnnl_memory_desc_t dstMd = desc(shape.logicalOutput(), activationTag);
        dnnl_memory_desc_t userWeightsMd = desc(shape.weights(), dnnl_oihw);
        dnnl_memory_desc_t anyWeightsMd = desc(shape.weights(), dnnl_format_tag_any);
        dnnl_convolution_desc_t op = new dnnl_convolution_desc_t();
        check(dnnl_convolution_forward_desc_init(op, dnnl_forward_inference, dnnl_convolution_direct, srcMd, anyWeightsMd,
                null, dstMd, shape.strides(), shape.padBefore(), shape.padAfter()), "convolution_forward_desc_init");
        dnnl_primitive_desc pd = primitiveDesc(op, null, name -> true, OneDnnPrimitives::addToDestination);

        src = memory(srcMd);
        dst = memory(dstMd);
        weights = memory(userWeightsMd);
        dnnl_memory kernelWeights = weights;
        weightsToKernel = differs(pd, dnnl_query_weights_md, userWeightsMd)
                ? reorder(weights, kernelWeights = owned(queried(pd, dnnl_query_weights_md))) : null;
        forward = new Step(pd, DNNL_ARG_SRC, src, DNNL_ARG_WEIGHTS, kernelWeights, DNNL_ARG_DST, dst);
        closeLater(srcMd, dstMd, userWeightsMd, anyWeightsMd);
    }

    /** {@code accumulator += conv(input, weights)}; {@code accumulator} has the output's shape and layout. */
    void run(Pointer input, Pointer userWeights, Pointer accumulator) {
        bind(weights, userWeights);
        if (weightsToKernel != null) {
            weightsToKernel.run();
        }
        bind(src, input);
        bind(dst, accumulator);
        forward.run();
    }

    /** The kernel oneDNN chose, e.g. {@code brg:avx512_core}. */
    String implementation() {
        return forward.implementation();
    }
}
