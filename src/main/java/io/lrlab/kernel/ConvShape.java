package io.lrlab.kernel;

/**
 * Everything that fixes a 2-D convolution's primitives: batch, channels, sizes, kernel, stride, the padding on each
 * side, and whether activations are channels-last. Weights are always DL4J's {@code [out, in, kH, kW]}.
 */
record ConvShape(long batch, long inChannels, long height, long width, long outChannels, long kernelH, long kernelW,
                 long strideH, long strideW, long padTop, long padLeft, long padBottom, long padRight, boolean channelsLast) {

    /** TensorFlow's and DL4J's "same" mode: output = ceil(input / stride), the odd padding pixel at the bottom/right. */
    static ConvShape same(long batch, long inChannels, long height, long width, long outChannels, long kernelH, long kernelW,
                          long strideH, long strideW, boolean channelsLast) {
        long totalH = samePadding(height, kernelH, strideH);
        long totalW = samePadding(width, kernelW, strideW);
        return new ConvShape(batch, inChannels, height, width, outChannels, kernelH, kernelW, strideH, strideW,
                totalH / 2, totalW / 2, totalH - totalH / 2, totalW - totalW / 2, channelsLast);
    }

    private static long samePadding(long in, long kernel, long stride) {
        long out = (in + stride - 1) / stride;
        return Math.max(0, (out - 1) * stride + kernel - in);
    }

    long outHeight() {
        return (height + padTop + padBottom - kernelH) / strideH + 1;
    }

    long outWidth() {
        return (width + padLeft + padRight - kernelW) / strideW + 1;
    }

    long[] input() {
        return channelsLast ? new long[] {batch, height, width, inChannels} : new long[] {batch, inChannels, height, width};
    }

    long[] output() {
        return channelsLast ? new long[] {batch, outHeight(), outWidth(), outChannels} : new long[] {batch, outChannels, outHeight(), outWidth()};
    }

    /** The input's dimensions in oneDNN's logical order, {@code [N, C, H, W]}, whatever the layout. */
    long[] logicalInput() {
        return new long[] {batch, inChannels, height, width};
    }

    /** The output's dimensions in oneDNN's logical order, {@code [N, C, H, W]}, whatever the layout. */
    long[] logicalOutput() {
        return new long[] {batch, outChannels, outHeight(), outWidth()};
    }

    /** The weights' dimensions, {@code [out, in, kH, kW]}: DL4J's layout and oneDNN's logical order alike. */
    long[] weights() {
        return new long[] {outChannels, inChannels, kernelH, kernelW};
    }

    long[] strides() {
        return new long[] {strideH, strideW};
    }

    /** The padding at the top and left. */
    long[] padBefore() {
        return new long[] {padTop, padLeft};
    }

    /** The padding at the bottom and right. */
    long[] padAfter() {
        return new long[] {padBottom, padRight};
    }

    /** Elements of one input activation. */
    long inputSize() {
        return batch * inChannels * height * width;
    }

    /** Elements of one output activation. */
    long outputSize() {
        return batch * outChannels * outHeight() * outWidth();
    }
}
