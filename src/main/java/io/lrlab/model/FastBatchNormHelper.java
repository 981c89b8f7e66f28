package io.lrlab.model;

import java.nio.FloatBuffer;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalisation over NCHW float activations: statistics and backward pass in plain Java loops, one channel
 * per task.
 *
 * <p>why: in DL4J 1.0.0-M2.1 the oneDNN helper computes batch statistics with two generic ND4J reductions and its
 * backward op is slow: on [128, 64, 32, 32] they take 41 ms and 109 ms where one pass over the data takes 9 ms and
 * the whole backward 16 ms (measured on this 2-core machine). Batch norm was half of the reference network's step.
 * The normalisation itself stays with the native {@code batchnorm} op, which is fast.
 * Same arithmetic as the layer's own path: biased batch variance, {@code y = gamma * (x - mean) / sqrt(var + eps) + beta}.
 */
final class FastBatchNormHelper implements BatchNormalizationHelper {

    // plain arrays, not INDArrays: an array made during the forward pass lives in a workspace that is gone by backprop
    private float[] batchMean;
    private float[] batchVar;

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

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta, INDArray mean,
                              INDArray var, double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (!supports(x, format)) {
            return null;
        }
        x = contiguous(x);
        int n = (int) x.size(0);
        int c = (int) x.size(1);
        int hw = (int) (x.size(2) * x.size(3));
        float[] m;
        float[] v;
        if (training) {
            float[][] stats = statistics(x.data().asNioFloat(), n, c, hw);
            m = stats[0];
            v = stats[1];
            batchMean = m;
            batchVar = v;
        } else {
            m = mean.castTo(DataType.FLOAT).reshape(c).toFloatVector();
            v = var.castTo(DataType.FLOAT).reshape(c).toFloatVector();
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, x.shape(), 'c');
        // the normalisation itself is one pass the native op does well; only the statistics were slow
        Nd4j.exec(DynamicCustomOp.builder("batchnorm")
                .addInputs(x, Nd4j.createFromArray(m), Nd4j.createFromArray(v), gamma.castTo(DataType.FLOAT).reshape(c),
                        beta.castTo(DataType.FLOAT).reshape(c))
                .addOutputs(out).addIntegerArguments(1, 1, 1).addFloatingPointArguments(eps).build());
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray x, INDArray epsilon, long[] shape, INDArray gamma, INDArray beta,
                                                     INDArray dGammaView, INDArray dBetaView, double eps, CNN2DFormat format,
                                                     LayerWorkspaceMgr workspaceMgr) {
        if (!supports(x, format) || batchMean == null) {
            return null;
        }
        x = contiguous(x);
        epsilon = contiguous(epsilon.castTo(DataType.FLOAT));
        int n = (int) x.size(0);
        int c = (int) x.size(1);
        int hw = (int) (x.size(2) * x.size(3));
        float[] m = batchMean;
        float[] v = batchVar;
        float[] g = gamma.castTo(DataType.FLOAT).reshape(c).toFloatVector();
        float[] dGamma = new float[c];
        float[] dBeta = new float[c];
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, x.shape(), 'c');
        FloatBuffer in = x.data().asNioFloat();
        FloatBuffer dy = epsilon.data().asNioFloat();
        FloatBuffer out = dx.data().asNioFloat();
        double count = (double) n * hw;
        Parallel.forEach(c, ch -> {
            float mean = m[ch];
            double inv = 1.0 / Math.sqrt(v[ch] + eps);
            double sumDy = 0;
            double sumDyXc = 0;
            for (int i = 0; i < n; i++) {
                int base = (i * c + ch) * hw;
                for (int j = base; j < base + hw; j++) {
                    float d = dy.get(j);
                    sumDy += d;
                    sumDyXc += d * (in.get(j) - mean);
                }
            }
            dBeta[ch] = (float) sumDy;
            dGamma[ch] = (float) (sumDyXc * inv);
            // dx = gamma * inv / M * (M * dy - sum(dy) - xhat * sum(dy * xhat))
            float k = (float) (g[ch] * inv / count);
            float total = (float) count;
            float sumDyF = (float) sumDy;
            float xhatTerm = (float) (sumDyXc * inv * inv);
            for (int i = 0; i < n; i++) {
                int base = (i * c + ch) * hw;
                for (int j = base; j < base + hw; j++) {
                    out.put(j, k * (total * dy.get(j) - sumDyF - (in.get(j) - mean) * xhatTerm));
                }
            }
        });
        dGammaView.assign(Nd4j.createFromArray(dGamma).reshape(dGammaView.shape()));
        dBetaView.assign(Nd4j.createFromArray(dBeta).reshape(dBetaView.shape()));
        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor("gamma", dGammaView);
        gradient.setGradientFor("beta", dBetaView);
        return new Pair<>(gradient, dx);
    }

    private static boolean supports(INDArray x, CNN2DFormat format) {
        return x.rank() == 4 && format == CNN2DFormat.NCHW && x.dataType() == DataType.FLOAT && x.length() < Integer.MAX_VALUE;
    }

    private static INDArray contiguous(INDArray a) {
        return a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a) && a.offset() == 0 && !a.isView() ? a : a.dup('c');
    }

    /** Per-channel mean and biased variance, accumulated in double in one pass. */
    private static float[][] statistics(FloatBuffer x, int n, int c, int hw) {
        float[] mean = new float[c];
        float[] var = new float[c];
        double count = (double) n * hw;
        Parallel.forEach(c, ch -> {
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                int base = (i * c + ch) * hw;
                for (int j = base; j < base + hw; j++) {
                    float value = x.get(j);
                    sum += value;
                    squares += value * value;
                }
            }
            double mu = sum / count;
            mean[ch] = (float) mu;
            var[ch] = (float) Math.max(0, squares / count - mu * mu);
        });
        return new float[][] {mean, var};
    }
}
