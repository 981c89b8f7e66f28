package io.lrlab.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
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

    BatchNormReLULayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray out = super.activate(training, workspaceMgr);
        return fused() ? out : Transforms.relu(out, false);
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
