package io.lrlab.model;

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
 * {@code relu(batchNorm(x))}. With lrlab's batch-norm kernels ({@link BatchNormKernels}) installed the helper does
 * both; with DL4J's own batch norm (its oneDNN helper, or no helper as on a GPU backend) this layer applies the ReLU
 * after it and masks the gradient before it.
 */
class BatchNormReLULayer extends BatchNormalization {

    private final RunningVariance runningVariance = new RunningVariance();

    BatchNormReLULayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray out = super.activate(training, workspaceMgr);
        return fused() ? out : Transforms.relu(out, false);
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
        if (!(getHelper() instanceof BatchNormKernels kernels) || x.rank() != 4 || conf.isLockGammaBeta()
                || x.size(conf.getCnn2DFormat() == CNN2DFormat.NHWC ? 3 : 1) != conf.getNOut()) {
            return super.preOutput(x, training, workspaceMgr);
        }
        x = x.castTo(dataType);
        boolean train = training == TrainingMode.TRAIN;
        INDArray out = kernels.preOutput(x, train, getShape(x), getParam(BatchNormalizationParamInitializer.GAMMA),
                getParam(BatchNormalizationParamInitializer.BETA), getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN),
                train ? null : runningVariance.of(this), conf.getDecay(), conf.getEps(), conf.getCnn2DFormat(), workspaceMgr);
        return out != null ? out : super.preOutput(x, training, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (fused()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        // dL/d(bn out) = epsilon where the ReLU passed its input through; the batch-norm output is recomputed
        INDArray normalised = preOutput(input, TrainingMode.TRAIN, workspaceMgr);
        INDArray masked = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsilon).muli(normalised.gt(0).castTo(epsilon.dataType()));
        return super.backpropGradient(masked, workspaceMgr);
    }

    private boolean fused() {
        return getHelper() instanceof BatchNormKernels kernels && kernels.appliesRelu();
    }
}
