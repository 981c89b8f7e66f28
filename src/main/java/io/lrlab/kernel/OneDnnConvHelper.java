package io.lrlab.kernel;

import static io.lrlab.kernel.OneDnn.address;
import static io.lrlab.kernel.OneDnn.dense;
import static io.lrlab.kernel.OneDnn.isDense;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A convolution layer's helper that runs {@link OneDnnConvolution}: primitives built once per input shape and kept,
 * float activations read and written in place in the layer's own layout (in bfloat16 inference, {@link #folded} also
 * reads and writes bfloat16 ones).
 *
 * <p>Answers {@code null} (DL4J's own path then runs) for what it does not cover: a bias parameter, dilation, data
 * types other than float, padding modes other than Same and Truncate, and Truncate windows that drop input pixels.
 */
public final class OneDnnConvHelper implements ConvolutionHelper, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OneDnnConvHelper.class);

    private final OneDnn dnn;
    private final boolean layerHasBias;
    // a layer sees two or three shapes at most: the training batch, the last partial batch, the evaluation batch
    private final Map<ConvShape, OneDnnConvolution> primitives = new HashMap<>();
    // inference only, for a convolution with the batch norm after it folded in (BatchNormFolding)
    private final Map<ConvShape, FoldedConvolution> folded = new HashMap<>();

    /**
     * @param layerHasBias whether the layer has a bias parameter; without one, DL4J still hands helpers a zero
     *     "dummy" bias and bias gradient, which this helper ignores
     */
    OneDnnConvHelper(OneDnn dnn, boolean layerHasBias) {
        this.dnn = dnn;
        this.layerHasBias = layerHasBias;
    }

    /** Whether new convolution layers get this helper: the CPU backend, oneDNN loaded, not switched off. */
    public static boolean active() {
        return !KernelSwitches.dl4jConvolutions() && OneDnn.get().isPresent();
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Map.of();
    }

    @Override
    public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
                              ConvolutionLayer.AlgoMode mode, ConvolutionLayer.FwdAlgo fwdAlgo, ConvolutionMode convolutionMode,
                              int[] dilation, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        ConvShape shape = shape(input, weights, bias, kernel, strides, pad, convolutionMode, dilation, format);
        if (shape == null) {
            return null;
        }
        input = dense(input);
        INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, shape.output(), 'c');
        primitivesFor(shape).forward(address(input), address(dense(weights)), address(output));
        return output;
    }

    /**
     * {@code relu(conv(input, weights) * affine.scale + affine.shift)}, without the ReLU where the affine map has none,
     * for inference ({@link FoldedConvolution}), written into {@code outputFor.apply(shape, dataType)}.
     *
     * <p>With {@link OneDnn#bf16()} the products are bfloat16, as in training; the weights are rounded after the batch
     * norm's scale is applied to them, so the outputs differ from the layers run one by one by bfloat16's rounding. The
     * input may then be bfloat16 already, and with {@code bf16Output} the output is bfloat16 too; in float32 a bfloat16
     * input is converted first.
     *
     * @return that output; {@code null}, having written nothing, where this helper does not cover the layer
     */
    INDArray folded(INDArray input, INDArray weights, int[] kernel, int[] strides, int[] pad, ConvolutionMode convolutionMode,
                    int[] dilation, CNN2DFormat format, FusedBatchNormLayer.Affine affine, boolean bf16Output,
                    BiFunction<long[], DataType, INDArray> outputFor) {
        boolean bf16 = OneDnn.bf16();
        if (input.dataType() == DataType.BFLOAT16 && !bf16) {
            input = input.castTo(DataType.FLOAT);
        }
        boolean bf16Input = input.dataType() == DataType.BFLOAT16;
        ConvShape shape = bf16Input || input.dataType() == DataType.FLOAT
                ? shapeOf(input, weights, null, kernel, strides, pad, convolutionMode, dilation, format) : null;
        if (shape == null || affine.scale().length != shape.outChannels()) {
            return null;
        }
        boolean lowOutput = bf16 && bf16Output;
        FoldedConvolution conv = folded.get(shape);
        if (conv == null || conv.relu != affine.relu() || conv.bf16 != bf16 || conv.bf16Input != bf16Input
                || conv.bf16Output != lowOutput) {
            if (conv != null) {
                conv.close();
            }
            conv = new FoldedConvolution(dnn, shape, affine.relu(), bf16, bf16Input, lowOutput);
            log.debug("oneDNN convolution with batch norm{} {}: {} ({})", affine.relu() ? " and ReLU" : "", shape,
                    conv.implementation(), conv.dataTypes());
            folded.put(shape, conv);
        }
        INDArray output = outputFor.apply(shape.output(), lowOutput ? DataType.BFLOAT16 : DataType.FLOAT);
        conv.run(address(dense(input)), address(dense(weights)), affine.scale(), affine.shift(), address(output));
        return output;
    }

    /** The kernels of {@link #folded} this helper has built, by shape: for tests and logs. */
    Map<ConvShape, String> foldedImplementations() {
        Map<ConvShape, String> out = new HashMap<>();
        folded.forEach((shape, conv) -> out.put(shape, conv.implementation()));
        return out;
    }

    /** The input's and output's data types of {@link #folded}'s convolutions, by shape ({@code bf16 -> f32}): for tests. */
    Map<ConvShape, String> foldedDataTypes() {
        Map<ConvShape, String> out = new HashMap<>();
        folded.forEach((shape, conv) -> out.put(shape, conv.dataTypes()));
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta, int[] kernel,
                                                     int[] strides, int[] pad, INDArray biasGradView, INDArray weightGradView,
                                                     IActivation afn, ConvolutionLayer.AlgoMode mode,
                                                     ConvolutionLayer.BwdFilterAlgo bwdFilterAlgo,
                                                     ConvolutionLayer.BwdDataAlgo bwdDataAlgo, ConvolutionMode convolutionMode,
                                                     int[] dilation, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        ConvShape shape = shape(input, weights, bias, kernel, strides, pad, convolutionMode, dilation, format);
        if (shape == null || !isDense(weightGradView) || delta.dataType() != DataType.FLOAT) {
            return null;
        }
        input = dense(input);
        delta = dense(delta);
        OneDnnConvolution conv = primitivesFor(shape);
        INDArray inputGradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, shape.input(), 'c');
        conv.backward(address(input), address(delta), address(dense(weights)), address(inputGradient), address(weightGradView));
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView);
        return new Pair<>(gradient, inputGradient);
    }

    @Override
    public INDArray activate(INDArray z, IActivation afn, boolean training) {
        return afn.getActivation(z, training);
    }

    /** Frees every primitive now; a later call builds them again. */
    @Override
    public void close() {
        primitives.values().forEach(OneDnnConvolution::close);
        primitives.clear();
        folded.values().forEach(FoldedConvolution::close);
        folded.clear();
    }

    private OneDnnConvolution primitivesFor(ConvShape shape) {
        return primitives.computeIfAbsent(shape, s -> {
            OneDnnConvolution conv = new OneDnnConvolution(dnn, s);
            log.debug("oneDNN convolution {}: {}", s, conv.implementations());
            return conv;
        });
    }

    private ConvShape shape(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
                                   ConvolutionMode mode, int[] dilation, CNN2DFormat format) {
        return input.dataType() == DataType.FLOAT
                ? shapeOf(input, weights, bias, kernel, strides, pad, mode, dilation, format) : null;
    }

    /** As {@link #shape}, whatever the input's data type. */
    private ConvShape shapeOf(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
                              ConvolutionMode mode, int[] dilation, CNN2DFormat format) {
        if (layerHasBias || input.rank() != 4 || weights.dataType() != DataType.FLOAT
                || dilation[0] != 1 || dilation[1] != 1) {
            return null;
        }
        boolean last = format == CNN2DFormat.NHWC;
        long n = input.size(0);
        long c = input.size(last ? 3 : 1);
        long h = input.size(last ? 1 : 2);
        long w = input.size(last ? 2 : 3);
        if (c != weights.size(1)) {
            return null;
        }
        if (mode == ConvolutionMode.Same) {
            return ConvShape.same(n, c, h, w, weights.size(0), kernel[0], kernel[1], strides[0], strides[1], last);
        }
        if (mode == ConvolutionMode.Truncate) {
            long padBottom = truncatedEnd(h, kernel[0], strides[0], pad[0]);
            long padRight = truncatedEnd(w, kernel[1], strides[1], pad[1]);
            if (padBottom < 0 || padRight < 0) {
                return null;
            }
            return new ConvShape(n, c, h, w, weights.size(0), kernel[0], kernel[1], strides[0], strides[1], pad[0], pad[1],
                    padBottom, padRight, last);
        }
        return null;
    }

    /** The padding at the far end that makes oneDNN's output size DL4J's {@code (in + 2 pad - k) / s + 1}. */
    private static long truncatedEnd(long in, long kernel, long stride, long pad) {
        long out = (in + 2 * pad - kernel) / stride + 1;
        return (out - 1) * stride + kernel - in - pad;
    }
}
