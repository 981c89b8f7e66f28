package io.lrlab.kernel;

import static io.lrlab.kernel.OneDnn.check;
import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * {@code relu(conv(input, weights) * scale + shift)} per output channel in one pass (without the ReLU where
 * {@code relu} is false), for inference: a convolution with the batch norm (and ReLU) after it folded in
 * ({@link BatchNormFolding}), as oneDNN's forward convolution over the weights times {@code scale}, with {@code shift}
 * as its bias and a ReLU post-op, both applied to each output vector while it is still in registers. why: a separate
 * batch norm reads and writes the whole activation once more, at memory speed. why the weights scaled, not the
 * output: oneDNN's per-channel binary post-ops cost its AVX2 3x3 kernel more than the batch norm they replace (6.49
 * against 5.59 + 0.70 ms, 128x32x32x16, {@code DNNL_VERBOSE}); scaling the weights is one pass over at most 36,864
 * floats per convolution of the reference network (64x64x3x3). Float, in the caller's layout, like
 * {@link OneDnnConvolution}; not thread-safe.
 *
 * <p>With {@code bf16}, the products are taken in bfloat16 as in {@link OneDnnConvolution}: a float input is converted
 * into the thread's {@link StagingBuffers}, the scaled weights are rounded into the kernel's layout, and the shift and
 * the sums stay float. The input may arrive in bfloat16 already ({@code bf16Input}: the output of a folded convolution
 * before it), and the output may be written in bfloat16 ({@code bf16Output}) where only such convolutions read it.
 * why: in He et al.'s blocks the first convolution's output (after its batch norm and ReLU) is read by the second
 * convolution alone, which would otherwise convert it to bfloat16 again.
 */
final class FoldedConvolution extends OneDnnPrimitives {

    final boolean relu;
    final boolean bf16;
    final boolean bf16Input;
    final boolean bf16Output;
    private final int outChannels;
    private final int perOutChannel;
    private final long inputSize;
    private final dnnl_memory src;
    private final dnnl_memory dst;
    // bfloat16 only: the input as the kernel reads it, and the conversion that fills it
    private final dnnl_memory lowSrc;
    private final Step srcToLow;
    private final FloatPointer scaledWeights;
    private final FloatPointer bias;
    private final float[] weightValues;
    private final Step weightsToKernel;
    private final Step forward;

    /** @param bf16Input whether the input arrives in bfloat16; @param bf16Output whether to write bfloat16; both need {@code bf16} */
    FoldedConvolution(OneDnn dnn, ConvShape shape, boolean relu, boolean bf16, boolean bf16Input, boolean bf16Output) {
        super(dnn);
        if (!bf16 && (bf16Input || bf16Output)) {
            throw new IllegalArgumentException("bfloat16 input or output with float products");
        }
        this.relu = relu;
        this.bf16 = bf16;
        this.bf16Input = bf16Input;
        this.bf16Output = bf16Output;
        this.inputSize = shape.inputSize();
        this.outChannels = Math.toIntExact(shape.outChannels());
        this.perOutChannel = Math.toIntExact(shape.inChannels() * shape.kernelH() * shape.kernelW());
        int activationTag = shape.channelsLast() ? dnnl_nhwc : dnnl_nchw;
        dnnl_memory_desc_t srcMd = desc(shape.logicalInput(), activationTag, bf16Input ? dnnl_bf16 : dnnl_f32);
        dnnl_memory_desc_t dstMd = desc(shape.logicalOutput(), activationTag, bf16Output ? dnnl_bf16 : dnnl_f32);
        dnnl_memory_desc_t userWeightsMd = desc(shape.weights(), dnnl_oihw);
        boolean convert = bf16 && !bf16Input;
        dnnl_memory_desc_t lowSrcMd = convert ? desc(shape.logicalInput(), activationTag, dnnl_bf16) : srcMd;
        dnnl_memory_desc_t anyWeightsMd = desc(shape.weights(), dnnl_format_tag_any, bf16 ? dnnl_bf16 : dnnl_f32);
        dnnl_memory_desc_t biasMd = desc(new long[] {shape.outChannels()}, dnnl_x);
        dnnl_convolution_desc_t op = new dnnl_convolution_desc_t();
        check(dnnl_convolution_forward_desc_init(op, dnnl_forward_inference, dnnl_convolution_direct, lowSrcMd, anyWeightsMd,
                biasMd, dstMd, shape.strides(), shape.padBefore(), shape.padAfter()), "convolution_forward_desc_init");
        dnnl_primitive_desc pd = primitiveDesc(op, null, name -> true, attr -> {
            if (relu) {
                reluPostOp(attr);
            }
        });

        src = memory(srcMd);
        dst = memory(dstMd);
        if (convert) {
            lowSrc = memory(lowSrcMd);
            srcToLow = reorder(src, lowSrc);
        } else {
            lowSrc = src;
            srcToLow = null;
        }
        dnnl_memory weights = owned(userWeightsMd);
        dnnl_memory biasMemory = owned(biasMd);
        weightValues = new float[outChannels * perOutChannel];
        scaledWeights = new FloatPointer(buffer(weights)).capacity(weightValues.length);
        bias = new FloatPointer(buffer(biasMemory)).capacity(outChannels);
        dnnl_memory kernelWeights = weights;
        weightsToKernel = differs(pd, dnnl_query_weights_md, userWeightsMd)
                ? reorder(weights, kernelWeights = owned(queried(pd, dnnl_query_weights_md))) : null;
        forward = new Step(pd, DNNL_ARG_SRC, lowSrc, DNNL_ARG_WEIGHTS, kernelWeights, DNNL_ARG_BIAS, biasMemory, DNNL_ARG_DST, dst);
        closeLater(srcMd, dstMd, userWeightsMd, anyWeightsMd, biasMd);
        if (convert) {
            closeLater(lowSrcMd);
        }
    }

    /**
     * {@code output = relu(conv(input, weights) * scale + shift)} (or without the ReLU), {@code scale} and {@code shift}
     * per output channel.
     */
    void run(Pointer input, Pointer userWeights, float[] scale, float[] shift, Pointer output) {
        new FloatPointer(userWeights).capacity(weightValues.length).get(weightValues);
        // DL4J's [out, in, kH, kW]: each output channel's weights are one run
        for (int o = 0; o < outChannels; o++) {
            float s = scale[o];
            for (int i = o * perOutChannel, end = i + perOutChannel; i < end; i++) {
                weightValues[i] *= s;
            }
        }
        scaledWeights.put(weightValues);
        bias.put(shift);
        if (weightsToKernel != null) {
            weightsToKernel.run();
        }
        bind(src, input);
        if (srcToLow != null) {
            bind(lowSrc, StagingBuffers.get(StagingBuffers.SOURCE, inputSize * 2));
            srcToLow.run();
        }
        bind(dst, output);
        forward.run();
    }

    /** The kernel oneDNN chose, e.g. {@code brg:avx512_core}. */
    String implementation() {
        return forward.implementation();
    }

    /** The input's and the output's data types, e.g. {@code bf16 -> f32}. */
    String dataTypes() {
        return (bf16Input ? "bf16" : "f32") + " -> " + (bf16Output ? "bf16" : "f32");
    }
}
