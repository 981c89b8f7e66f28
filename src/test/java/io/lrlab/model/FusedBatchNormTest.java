package io.lrlab.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.junit.jupiter.api.Test;

/**
 * lrlab's two batch-norm configurations are equal to their own kind only: with and without the ReLU differ, and
 * neither equals DL4J's batch norm of the same settings, whichever side asks (DL4J's equality consults the other side).
 */
class FusedBatchNormTest {

    @Test
    void equalToItsOwnKindOnlyWhicheverSideAsks() {
        Layer dl4j = new BatchNormalization.Builder().eps(1e-5).decay(0.9).build();
        Layer foldable = FoldableBatchNorm.of(1e-5, 0.9);
        Layer withReLU = BatchNormReLU.of(1e-5, 0.9);

        assertThat(foldable).isEqualTo(FoldableBatchNorm.of(1e-5, 0.9)).hasSameHashCodeAs(FoldableBatchNorm.of(1e-5, 0.9));
        assertThat(withReLU).isEqualTo(withReLU.clone());
        assertThat(foldable).isNotEqualTo(withReLU).isNotEqualTo(dl4j);
        assertThat(withReLU).isNotEqualTo(foldable).isNotEqualTo(dl4j);
        assertThat(dl4j).isNotEqualTo(foldable).isNotEqualTo(withReLU);
        assertThat(FoldableBatchNorm.of(1e-3, 0.9)).as("another epsilon").isNotEqualTo(foldable);
    }
}
