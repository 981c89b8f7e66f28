package io.lrlab.kernel;

import java.util.Arrays;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A batch norm's running variance, as DL4J hands it to a helper: the parameter itself, or, where the layer keeps
 * log10 of the standard deviation instead (DL4J's default), {@code (10^log10std)^2} computed by DL4J's own ops, so bit
 * for bit the same, but again only when the log standard deviation has changed: in inference, never between passes.
 */
final class RunningVariance {

    /** The log standard deviation {@link #variance} was computed from. */
    private float[] from;
    private INDArray variance;

    INDArray of(BatchNormalization layer) {
        INDArray stored = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR);
        if (stored != null) {
            return stored;
        }
        INDArray log10Std = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
        float[] now = BatchNormKernels.perChannel(log10Std, (int) log10Std.length());
        if (variance == null || !Arrays.equals(now, from)) {
            // kept from call to call, so outside the workspace of the pass that computes it
            try (MemoryWorkspace none = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                variance = Transforms.pow(Nd4j.valueArrayOf(log10Std.shape(), 10.0, log10Std.dataType()), log10Std, false);
                variance.muli(variance);
            }
            from = now;
        }
        return variance;
    }
}
