package io.lrlab.kernel;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's convolution layer, minus a wasted forward pass.
 *
 * <p>why: in DL4J 1.0.0-M2.1 {@code ConvolutionLayer.backpropGradient} runs the forward convolution again to get the
 * pre-activation {@code z} for the activation's derivative. With the identity activation that derivative is the
 * incoming gradient itself and {@code z} is read only for its shape, which is the gradient's shape; this layer hands
 * the gradient over instead. On the reference network that repeated forward pass was a fifth of the training step.
 * The im2col matrix of the non-helper path is left out too; that path rebuilds it when missing.
 *
 * <p>On the CPU its kernels are lrlab's ({@link OneDnnConvHelper}), and with channels-last activations its forward pass
 * goes to them directly. why: M2.1's {@code ConvolutionLayer.preOutput} first copies an NHWC input into NCHW, which
 * only its built-in path reads; that copy was a tenth of the reference network's training step. In inference it can
 * also apply the batch norm (and ReLU) after it ({@link BatchNormFolding}).
 */
public class LinearConvolutionLayer extends ConvolutionLayer {

    private INDArray backpropEpsilon;
    /** The batch norm after this layer, when {@link BatchNormFolding} folded it into this layer for inference. */
    private FusedBatchNormLayer foldedInto;
    private FoldedOutputBuffer foldedOutput;
    /** Whether the folded output may be bfloat16: only folded convolutions read it ({@link BatchNormFolding}). */
    private boolean foldedOutputInBf16;

    public LinearConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        if (OneDnnConvHelper.active()) {
            helper = new OneDnnConvHelper(OneDnn.get().orElseThrow(), hasBias());
        }
    }

    @Override
    protected Pair<INDArray, INDArray> preOutput(boolean training, boolean forBackprop, LayerWorkspaceMgr workspaceMgr) {
        if (helper instanceof OneDnnConvHelper own && layerConf().getCnn2dDataFormat() == CNN2DFormat.NHWC) {
            assertInputSet(false);
            INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, workspaceMgr);
            var conf = layerConf();
            INDArray z = training ? null : folded(own, weights, workspaceMgr);
            if (z != null) {
                return new Pair<>(z, null);
            }
            z = own.preOutput(input.castTo(dataType), weights, null, conf.getKernelSize(), conf.getStride(),
                    conf.getPadding(), conf.getCudnnAlgoMode(), conf.getCudnnFwdAlgo(), convolutionMode, conf.getDilation(),
                    CNN2DFormat.NHWC, workspaceMgr);
            if (z != null) {
                return new Pair<>(z, null);
            }
        }
        return super.preOutput(training, forBackprop, workspaceMgr);
    }

    /**
     * In inference, writes {@code bn(conv(x))} (with {@code bn}'s ReLU) into {@code output}, and {@code bn} hands it on;
     * in bfloat16 where the products are bfloat16 and {@code inBf16}, which only readers that take bfloat16 may set.
     */
    void foldInto(FusedBatchNormLayer bn, FoldedOutputBuffer output, boolean inBf16) {
        foldedInto = bn;
        foldedOutput = output;
        foldedOutputInBf16 = inBf16;
    }

    /** Frees the folded output's buffer now (it is shared: a later pass allocates it again). */
    void release() {
        if (foldedOutput != null) {
            foldedOutput.release();
        }
    }

    /**
     * The folded convolution's output, or {@code null}: not folded, or DL4J keeps every activation of this pass
     * ({@code feedForward}), where this layer's must be its own.
     */
    private INDArray folded(OneDnnConvHelper own, INDArray weights, LayerWorkspaceMgr workspaceMgr) {
        if (foldedInto == null || workspaceMgr.isScopedOut(ArrayType.ACTIVATIONS)) {
            return null;
        }
        FusedBatchNormLayer.Affine affine = foldedInto.inferenceAffine();
        if (affine == null) {
            return null;
        }
        var conf = layerConf();
        // a bfloat16 input (a folded convolution's output) as it is: the helper converts it where it must
        INDArray x = input.dataType() == DataType.BFLOAT16 ? input : input.castTo(dataType);
        INDArray z = own.folded(x, weights, conf.getKernelSize(), conf.getStride(), conf.getPadding(),
                convolutionMode, conf.getDilation(), CNN2DFormat.NHWC, affine, foldedOutputInBf16, foldedOutput::view);
        if (z != null) {
            foldedInto.appliedBefore(z);
        }
        return z;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        backpropEpsilon = epsilon;
        try {
            return super.backpropGradient(epsilon, workspaceMgr);
        } finally {
            backpropEpsilon = null;
        }
    }

    @Override
    protected Pair<INDArray, INDArray> preOutput4d(boolean training, boolean forBackprop, LayerWorkspaceMgr workspaceMgr) {
        // channels-last: z is the layer's output layout, which DL4J then permutes as it does its own z
        if (forBackprop && backpropEpsilon != null && layerConf().getActivationFn() instanceof ActivationIdentity
                && backpropEpsilon.dataType() == dataType) {
            return new Pair<>(backpropEpsilon, null);
        }
        return super.preOutput4d(training, forBackprop, workspaceMgr);
    }
}
