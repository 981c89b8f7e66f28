package io.lrlab.kernel;

import static io.lrlab.kernel.OneDnn.check;
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
 *
 * <p>With {@link OneDnn#bf16()} the forward pass and the input's gradient take their products in bfloat16: the input
 * and the output gradient are converted into the thread's {@link StagingBuffers}, the weights into the kernel's layout
 * in bfloat16, and the kernels sum in float and write float, so the layers around it see float values. The weights'
 * gradient takes bfloat16 products only where {@link #lowWeightGradient} says so, and is float everywhere else.
 */
final class OneDnnConvolution extends OneDnnPrimitives {

    final ConvShape shape;
    final boolean bf16;
    /** Whether the weights' gradient, too, takes bfloat16 products ({@link #lowWeightGradient}). */
    final boolean bf16WeightGradient;
    private final dnnl_memory src;
    private final dnnl_memory dst;
    private final dnnl_memory weights;
    private final Step forward;
    private final Step backwardData;
    private final Step backwardWeights;
    private final Step weightsForForward;
    private final Step weightsForBackwardData;
    private final Step diffWeightsToUser;
    // bfloat16 only: the operands as the kernels read them, and the conversions that fill them
    private final dnnl_memory lowSrc;
    private final dnnl_memory lowDst;
    private final Step srcToLow;
    private final Step dstToLow;

    OneDnnConvolution(OneDnn dnn, ConvShape shape) {
        this(dnn, shape, OneDnn.bf16());
    }

    OneDnnConvolution(OneDnn dnn, ConvShape shape, boolean bf16) {
        super(dnn);
        this.shape = shape;
        this.bf16 = bf16;
        this.bf16WeightGradient = bf16 && lowWeightGradient(shape);
        int activationTag = shape.channelsLast() ? dnnl_nhwc : dnnl_nchw;
        long[] srcDims = shape.logicalInput();
        long[] dstDims = shape.logicalOutput();
        dnnl_memory_desc_t srcMd = desc(srcDims, activationTag);
        dnnl_memory_desc_t dstMd = desc(dstDims, activationTag);
        int operandType = bf16 ? dnnl_bf16 : dnnl_f32;
        dnnl_memory_desc_t operandSrcMd = bf16 ? desc(srcDims, activationTag, dnnl_bf16) : srcMd;
        dnnl_memory_desc_t operandDstMd = bf16 ? desc(dstDims, activationTag, dnnl_bf16) : dstMd;
        long[] weightDims = shape.weights();
        dnnl_memory_desc_t userWeightsMd = desc(weightDims, dnnl_oihw);
        dnnl_memory_desc_t anyWeightsMd = desc(weightDims, dnnl_format_tag_any, operandType);
        dnnl_memory_desc_t anyDiffWeightsMd = desc(weightDims, dnnl_format_tag_any);
        long[] strides = shape.strides();
        long[] padL = shape.padBefore();
        long[] padR = shape.padAfter();

        dnnl_convolution_desc_t fwdDesc = new dnnl_convolution_desc_t();
        check(dnnl_convolution_forward_desc_init(fwdDesc, dnnl_forward_training, dnnl_convolution_direct, operandSrcMd,
                anyWeightsMd, null, dstMd, strides, padL, padR), "convolution_forward_desc_init");
        dnnl_primitive_desc fwdPd = primitiveDesc(fwdDesc, null);
        dnnl_convolution_desc_t bwdDataDesc = new dnnl_convolution_desc_t();
        check(dnnl_convolution_backward_data_desc_init(bwdDataDesc, dnnl_convolution_direct, srcMd, anyWeightsMd,
                operandDstMd, strides, padL, padR), "convolution_backward_data_desc_init");
        dnnl_primitive_desc bwdDataPd = primitiveDesc(bwdDataDesc, fwdPd);
        // oneDNN's hint for the weights' gradient: the forward pass it is the backward of, in its own arithmetic
        dnnl_primitive_desc weightsHint = fwdPd;
        if (bf16 && !bf16WeightGradient) {
            dnnl_convolution_desc_t floatFwdDesc = new dnnl_convolution_desc_t();
            check(dnnl_convolution_forward_desc_init(floatFwdDesc, dnnl_forward_training, dnnl_convolution_direct, srcMd,
                    anyDiffWeightsMd, null, dstMd, strides, padL, padR), "convolution_forward_desc_init");
            weightsHint = primitiveDesc(floatFwdDesc, null);
        }
        dnnl_convolution_desc_t bwdWeightsDesc = new dnnl_convolution_desc_t();
        check(dnnl_convolution_backward_weights_desc_init(bwdWeightsDesc, dnnl_convolution_direct,
                bf16WeightGradient ? operandSrcMd : srcMd, anyDiffWeightsMd, null, bf16WeightGradient ? operandDstMd : dstMd,
                strides, padL, padR), "convolution_backward_weights_desc_init");
        dnnl_primitive_desc bwdWeightsPd = overrunsItsScratchpad(shape)
                ? primitiveDesc(bwdWeightsDesc, weightsHint, name -> !name.startsWith("jit_1x1:"))
                : primitiveDesc(bwdWeightsDesc, weightsHint);

        src = memory(srcMd);
        dst = memory(dstMd);
        weights = memory(userWeightsMd);
        if (bf16) {
            lowSrc = memory(operandSrcMd);
            lowDst = memory(operandDstMd);
            srcToLow = reorder(src, lowSrc);
            dstToLow = reorder(dst, lowDst);
        } else {
            lowSrc = src;
            lowDst = dst;
            srcToLow = null;
            dstToLow = null;
        }

        dnnl_memory fwdWeights = weights;
        weightsForForward = differs(fwdPd, dnnl_query_weights_md, userWeightsMd)
                ? reorder(weights, fwdWeights = owned(queried(fwdPd, dnnl_query_weights_md))) : null;
        forward = new Step(fwdPd, DNNL_ARG_SRC, lowSrc, DNNL_ARG_WEIGHTS, fwdWeights, DNNL_ARG_DST, dst);

        dnnl_memory bwdWeights = weights;
        weightsForBackwardData = differs(bwdDataPd, dnnl_query_weights_md, userWeightsMd)
                ? reorder(weights, bwdWeights = owned(queried(bwdDataPd, dnnl_query_weights_md))) : null;
        // the float src and dst memories double as diff_src and diff_dst: same shapes and layouts, handles set per call
        backwardData = new Step(bwdDataPd, DNNL_ARG_DIFF_DST, lowDst, DNNL_ARG_WEIGHTS, bwdWeights, DNNL_ARG_DIFF_SRC, src);

        dnnl_memory diffWeights = weights;
        boolean reorderDiff = differs(bwdWeightsPd, dnnl_query_diff_weights_md, userWeightsMd);
        if (reorderDiff) {
            diffWeights = owned(queried(bwdWeightsPd, dnnl_query_diff_weights_md));
        }
        backwardWeights = bf16WeightGradient
                ? new Step(bwdWeightsPd, DNNL_ARG_SRC, lowSrc, DNNL_ARG_DIFF_DST, lowDst, DNNL_ARG_DIFF_WEIGHTS, diffWeights)
                : new Step(bwdWeightsPd, DNNL_ARG_SRC, src, DNNL_ARG_DIFF_DST, dst, DNNL_ARG_DIFF_WEIGHTS, diffWeights);
        diffWeightsToUser = reorderDiff ? reorder(diffWeights, weights) : null;
        closeLater(srcMd, dstMd, userWeightsMd, anyWeightsMd, anyDiffWeightsMd);
        if (bf16) {
            closeLater(operandSrcMd, operandDstMd);
        }
    }

    /**
     * Whether oneDNN 2.5's 1x1 weight-gradient kernels ({@code jit_1x1:avx2}, {@code jit_1x1:avx512_common}) would
     * write past their scratchpad here: a strided 1x1 convolution on channels-last input with fewer input channels than
     * the kernel's block of 8 (AVX2) or 16 (AVX-512). Their "reduce to unit stride" buffer is booked at the input's
     * channel count and addressed at the block's (oneDNN issue 6035); on an AVX-512 machine that corrupted the native
     * heap and crashed the JVM later, in whatever freed memory next. Such a convolution gets the next implementation.
     */
    static boolean overrunsItsScratchpad(ConvShape shape) {
        return shape.channelsLast() && shape.kernelH() == 1 && shape.kernelW() == 1
                && (shape.strideH() > 1 || shape.strideW() > 1) && shape.inChannels() % 16 != 0;
    }

    /**
     * Whether a bfloat16 convolution of {@code shape} takes its weights' gradient in bfloat16 too: a window larger than
     * 1x1 at stride 1 over 16 input channels or more. why: on a 2-core AVX512_BF16 EPYC, oneDNN's bfloat16 kernel for
     * these ran 30% to 50% faster than the float one (resnet20, {@code DNNL_VERBOSE}: 14.6 against 20.5 ms per step at
     * 16 channels and 32 x 32), and the input's second conversion costs about a tenth of what it saves; at stride 2
     * and at the stem's 3 channels it was slower. On AMX the float kernel was as fast (234 against 242 ms per step of
     * the reference network, whose 1x1 windows keep the float one).
     */
    static boolean lowWeightGradient(ConvShape shape) {
        return shape.strideH() == 1 && shape.strideW() == 1 && shape.kernelH() * shape.kernelW() > 1
                && shape.inChannels() >= 16;
    }

    /** {@code output = conv(input, weights)}. */
    void forward(Pointer input, Pointer userWeights, Pointer output) {
        bindWeights(userWeights, weightsForForward);
        bindInput(input);
        bind(dst, output);
        forward.run();
    }

    /**
     * {@code inputGradient = d loss / d input} from the gradient at the output, then {@code weightGradient = d loss /
     * d weights} in DL4J's layout, overwritten (not accumulated). {@code outputGradient} is read, never written.
     */
    void backward(Pointer input, Pointer outputGradient, Pointer userWeights, Pointer inputGradient, Pointer weightGradient) {
        bindWeights(userWeights, weightsForBackwardData);
        bind(dst, outputGradient);
        if (bf16) {
            bind(lowDst, StagingBuffers.get(StagingBuffers.OUTPUT_GRADIENT, shape.outputSize() * 2));
            dstToLow.run();
        }
        bind(src, inputGradient);
        backwardData.run();

        if (bf16WeightGradient) {
            bindInput(input);
        } else {
            bind(src, input);
        }
        bind(weights, weightGradient);
        backwardWeights.run();
        if (diffWeightsToUser != null) {
            diffWeightsToUser.run();
        }
    }

    /** Points the src memory at {@code input} and, in bfloat16, converts it into the thread's staging buffer. */
    private void bindInput(Pointer input) {
        bind(src, input);
        if (bf16) {
            bind(lowSrc, StagingBuffers.get(StagingBuffers.SOURCE, shape.inputSize() * 2));
            srcToLow.run();
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
