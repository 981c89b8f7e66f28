package io.lrlab.kernel;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@code relu(batchNorm(x))}, or with {@code relu} false {@code batchNorm(x)} alone. Where lrlab's batch-norm kernels
 * ({@link BatchNormKernels}) run the forward pass they do both. Elsewhere this layer applies the ReLU after it and masks
 * the gradient before it: with DL4J's own batch norm (its oneDNN helper, or none as on a GPU backend), and in any pass
 * the kernels do not run themselves, such as a double network's, which they decline, or a dense layer's output, which
 * DL4J hands them as 1 x 1 images (the ReLU then comes twice, to the same result). In inference, where the convolution
 * before it has applied it already ({@link BatchNormFolding}), it hands that output on.
 */
public class FusedBatchNormLayer extends BatchNormalization {

    private final boolean relu;
    private final RunningVariance runningVariance = new RunningVariance();
    /** In inference, the output of the convolution before this layer when it has applied this layer already. */
    private INDArray folded;
    /** Whether lrlab's kernels ran the last forward pass, ReLU included; the backward pass after it goes the same way. */
    private boolean kernelsRan;

    /**
     * The per-channel map this layer applies in inference, {@code relu(x * scale + shift)} (without the ReLU where
     * {@code relu} is false): {@code scale = gamma / sqrt(var + eps)}, {@code shift = beta - mean * scale}, from the
     * running statistics.
     */
    record Affine(float[] scale, float[] shift, boolean relu) {
    }

    public FusedBatchNormLayer(NeuralNetConfiguration conf, DataType dataType, boolean relu) {
        super(conf, dataType);
        this.relu = relu;
    }

    /** Whether a ReLU follows the normalisation. */
    public boolean relu() {
        return relu;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray applied = folded;
        folded = null;
        if (!training && applied != null && input == applied) {
            return applied;
        }
        INDArray out = super.activate(training, workspaceMgr);
        return !relu || kernelsRan ? out : Transforms.relu(out, false);
    }

    /**
     * With lrlab's kernels, hands the helper the running variance only where it reads it (inference), and converts
     * DL4J's log10 of the standard deviation into it only when that changed ({@link RunningVariance}). why: DL4J's
     * {@code preOutput} converts it on every call, training included, with three ND4J ops that each allocate; with
     * the parameters' copies, batch norm spent 5.6% of the inference thread's samples outside oneDNN, now 1.5%.
     */
    @Override
    public INDArray preOutput(INDArray x, TrainingMode training, LayerWorkspaceMgr workspaceMgr) {
        var conf = layerConf();
        kernelsRan = false;
        BatchNormKernels kernels = kernels();
        if (kernels == null || x.rank() != 4 || conf.isLockGammaBeta()
                || x.size(conf.getCnn2DFormat() == CNN2DFormat.NHWC ? 3 : 1) != conf.getNOut()) {
            return super.preOutput(x, training, workspaceMgr);
        }
        x = x.castTo(dataType);
        boolean train = training == TrainingMode.TRAIN;
        INDArray out = kernels.preOutput(x, train, getShape(x), getParam(BatchNormalizationParamInitializer.GAMMA),
                getParam(BatchNormalizationParamInitializer.BETA), getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN),
                train ? null : runningVariance.of(this), conf.getDecay(), conf.getEps(), conf.getCnn2DFormat(), workspaceMgr);
        kernelsRan = out != null;
        return out != null ? out : super.preOutput(x, training, workspaceMgr);
    }

    /**
     * This layer's inference map for the convolution before it to apply ({@link BatchNormFolding}), computed from the
     * parameters as they are now; {@code null} where this layer would not run lrlab's fused kernels itself.
     */
    Affine inferenceAffine() {
        if (!foldable()) {
            return null;
        }
        var conf = layerConf();
        int c = (int) conf.getNOut();
        float[] gamma = BatchNormKernels.perChannel(getParam(BatchNormalizationParamInitializer.GAMMA), c);
        float[] beta = BatchNormKernels.perChannel(getParam(BatchNormalizationParamInitializer.BETA), c);
        float[] mean = BatchNormKernels.perChannel(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN), c);
        float[] var = BatchNormKernels.perChannel(runningVariance.of(this), c);
        float[] scale = new float[c];
        float[] shift = new float[c];
        for (int ch = 0; ch < c; ch++) {
            double s = gamma[ch] / Math.sqrt((double) var[ch] + conf.getEps());
            scale[ch] = (float) s;
            shift[ch] = (float) (beta[ch] - mean[ch] * s);
        }
        return new Affine(scale, shift, relu);
    }

    /** Whether the convolution before this layer may apply it in inference: lrlab's fused kernels, channels-last. */
    boolean foldable() {
        var conf = layerConf();
        return kernels() != null && !conf.isLockGammaBeta() && conf.getCnn2DFormat() == CNN2DFormat.NHWC;
    }

    /** Tells this layer that {@code output}, its input in this inference pass, has been through its map already. */
    void appliedBefore(INDArray output) {
        folded = output;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!relu || kernelsRan) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        // dL/d(bn out) = epsilon where the ReLU passed its input through; the batch-norm output is recomputed
        INDArray normalised = preOutput(input, TrainingMode.TRAIN, workspaceMgr);
        INDArray masked = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsilon).muli(normalised.gt(0).castTo(epsilon.dataType()));
        return super.backpropGradient(masked, workspaceMgr);
    }

    /** lrlab's kernels where they run this layer whole (the normalisation, and the ReLU where there is one), else null. */
    private BatchNormKernels kernels() {
        return getHelper() instanceof BatchNormKernels kernels && kernels.appliesRelu() == relu ? kernels : null;
    }
}
