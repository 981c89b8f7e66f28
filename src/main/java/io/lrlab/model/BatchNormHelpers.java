package io.lrlab.model;

import java.lang.reflect.Field;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;

/**
 * Puts {@link FastBatchNormHelper} into every batch-norm layer of a network.
 * why: DL4J M2.1 offers no way to choose a layer helper; the layer keeps it in a package-private field.
 */
public final class BatchNormHelpers {

    private static final Field HELPER = helperField();

    private BatchNormHelpers() {
    }

    /** @return how many layers now use the fast helper (0 when the field could not be reached) */
    public static int install(ComputationGraph net) {
        if (HELPER == null || Boolean.getBoolean("lrlab.batchnorm.dl4j")) {
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
