package io.lrlab.model;

import java.lang.reflect.Field;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Puts {@link FastBatchNormHelper} into every batch-norm layer of a network.
 * why: DL4J M2.1 offers no way to choose a layer helper; the layer keeps it in a package-private field.
 */
public final class BatchNormHelpers {

    private static final Field HELPER = helperField();

    private BatchNormHelpers() {
    }

    /** Whether networks get lrlab's batch-norm kernels: the CPU backend, the helper field reachable, not switched off. */
    public static boolean active() {
        return HELPER != null && !Boolean.getBoolean("lrlab.batchnorm.dl4j") && Nd4j.getEnvironment().isCPU();
    }

    /**
     * @return how many layers now use the fast helper: 0 when the field could not be reached, when switched off, and
     *     on a GPU backend, whose arrays the helper's host-memory loops must not touch
     */
    public static int install(ComputationGraph net) {
        if (!active()) {
            return 0;
        }
        int installed = 0;
        for (Layer layer : net.getLayers()) {
            if (layer instanceof BatchNormalization) {
                try {
                    HELPER.set(layer, new FastBatchNormHelper(layer instanceof BatchNormReLULayer));
                    installed++;
                } catch (IllegalAccessException e) {
                    return installed;
                }
            }
        }
        return installed;
    }

    private static Field helperField() {
        try {
            Field field = BatchNormalization.class.getDeclaredField("helper");
            if (!BatchNormalizationHelper.class.isAssignableFrom(field.getType())) {
                return null;
            }
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            return null;
        }
    }
}
