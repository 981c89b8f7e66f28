package io.lrlab.kernel;

import static io.lrlab.kernel.OneDnn.address;

import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch normalisation (and, for {@link FusedBatchNormLayer}, the ReLU after it) over channels-last float activations
 * through {@link OneDnnBatchNorm}, whose kernels read NHWC in vector-wide runs of channels. Same contract as
 * {@link FastBatchNormHelper}, which keeps the channels-first layout of networks built before lrlab 0.3.
 */
public final class OneDnnBatchNormHelper extends BatchNormKernels implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OneDnnBatchNormHelper.class);

    private final OneDnn dnn;
    private final Map<OneDnnBatchNorm.Shape, OneDnnBatchNorm> primitives = new HashMap<>();
    private OneDnnBatchNorm lastTraining;

    OneDnnBatchNormHelper(OneDnn dnn, boolean relu) {
        super(relu);
        this.dnn = dnn;
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta, INDArray mean,
                              INDArray var, double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        OneDnnBatchNorm.Shape key = shape(x, format, eps);
        if (key == null) {
            return null;
        }
        x = OneDnn.dense(x);
        int c = (int) key.channels();
        OneDnnBatchNorm bn = primitives.computeIfAbsent(key, k -> {
            OneDnnBatchNorm created = new OneDnnBatchNorm(dnn, k);
            log.debug("oneDNN batch norm {}: {}", k, created.implementations());
            return created;
        });
        INDArray result = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, x.shape(), 'c');
        if (training) {
            float[] m = new float[c];
            float[] v = new float[c];
            bn.forwardTraining(address(x), perChannel(gamma, c), perChannel(beta, c), address(result), m, v);
            keepBatchStatistics(m, v);
            lastTraining = bn;
        } else {
            bn.forwardInference(address(x), perChannel(gamma, c), perChannel(beta, c), perChannel(mean, c), perChannel(var, c),
                    address(result));
        }
        return result;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray x, INDArray epsilon, long[] shape, INDArray gamma, INDArray beta,
                                                     INDArray dGammaView, INDArray dBetaView, double eps, CNN2DFormat format,
                                                     LayerWorkspaceMgr workspaceMgr) {
        OneDnnBatchNorm.Shape key = shape(x, format, eps);
        if (key == null || lastTraining == null || !lastTraining.shape.equals(key) || epsilon.dataType() != DataType.FLOAT) {
            return null;
        }
        int c = (int) key.channels();
        x = OneDnn.dense(x);
        epsilon = OneDnn.dense(epsilon);
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, x.shape(), 'c');
        float[] dGamma = new float[c];
        float[] dBeta = new float[c];
        lastTraining.backward(address(x), address(epsilon), perChannel(gamma, c), perChannel(beta, c), address(dx), dGamma, dBeta);
        return gradients(dGammaView, dGamma, dBetaView, dBeta, dx);
    }

    /** Frees every primitive now; a later call builds them again. */
    @Override
    public void close() {
        primitives.values().forEach(OneDnnBatchNorm::close);
        primitives.clear();
        lastTraining = null;
    }

    private OneDnnBatchNorm.Shape shape(INDArray x, CNN2DFormat format, double eps) {
        if (x.rank() != 4 || x.dataType() != DataType.FLOAT) {
            return null;
        }
        boolean last = format == CNN2DFormat.NHWC;
        return new OneDnnBatchNorm.Shape(x.size(0), x.size(last ? 3 : 1), x.size(last ? 1 : 2), x.size(last ? 2 : 3), last,
                (float) eps, appliesRelu());
    }
}
