package io.lrlab.kernel;

import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What lrlab's two batch-norm helpers share: the optional fused ReLU, the last training batch's statistics kept on
 * the heap for DL4J's running averages, the per-channel parameters read as floats, and the gradient handed back.
 * {@link FastBatchNormHelper} computes in Java loops over channels-first activations, {@link OneDnnBatchNormHelper}
 * through oneDNN over channels-last ones.
 */
abstract class BatchNormKernels implements BatchNormalizationHelper {

    private final boolean relu;
    // plain arrays, not INDArrays: an array made during the forward pass lives in a workspace that is gone by backprop
    private float[] batchMean;
    private float[] batchVar;

    /** @param relu whether the output is {@code relu(batchNorm(x))}, for {@link FusedBatchNormLayer} */
    BatchNormKernels(boolean relu) {
        this.relu = relu;
    }

    final boolean appliesRelu() {
        return relu;
    }

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
        return !fixedGammaBeta;
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
    public INDArray getMeanCache(DataType dataType) {
        return Nd4j.createFromArray(batchMean).castTo(dataType);
    }

    @Override
    public INDArray getVarCache(DataType dataType) {
        return Nd4j.createFromArray(batchVar).castTo(dataType);
    }

    /** The statistics of the batch just normalised in training, which DL4J folds into the running averages. */
    final void keepBatchStatistics(float[] mean, float[] var) {
        batchMean = mean;
        batchVar = var;
    }

    /** Null until a training forward pass has run. */
    final float[] batchMean() {
        return batchMean;
    }

    final float[] batchVar() {
        return batchVar;
    }

    /**
     * A layer parameter of {@code c} values (gamma, beta, running mean or variance) as floats on the heap, copied
     * straight from its native memory where it is a dense float array. why: ND4J's cast, reshape and copy to the heap
     * made three arrays per parameter, four parameters per batch norm, 82 batch norms per pass.
     */
    static float[] perChannel(INDArray parameter, int c) {
        if (parameter.dataType() != DataType.FLOAT || parameter.length() != c || !OneDnn.isDense(parameter)) {
            return parameter.castTo(DataType.FLOAT).reshape(c).toFloatVector();
        }
        float[] values = new float[c];
        new FloatPointer(OneDnn.address(parameter)).capacity(c).limit(c).get(values);
        return values;
    }

    /**
     * Writes gamma's and beta's gradients into the layer's gradient views, in place, element by element (no temporary
     * native arrays on every step), and pairs them with the input's gradient.
     */
    static Pair<Gradient, INDArray> gradients(INDArray dGammaView, float[] dGamma, INDArray dBetaView, float[] dBeta, INDArray dx) {
        for (int ch = 0; ch < dGamma.length; ch++) {
            dGammaView.putScalar(ch, dGamma[ch]);
            dBetaView.putScalar(ch, dBeta[ch]);
        }
        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor("gamma", dGammaView);
        gradient.setGradientFor("beta", dBetaView);
        return new Pair<>(gradient, dx);
    }
}
