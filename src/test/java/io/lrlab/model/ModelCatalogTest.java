package io.lrlab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lrlab.system.NativeBackend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelCatalogTest {

    private final ModelCatalog catalog = new ModelCatalog();

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.configure();
    }

    /** He et al. 2016's CIFAR ResNets, 10 classes at 32x32x3: the counts of the paper's reference implementations. */
    @ParameterizedTest
    @CsvSource({"RESNET20, 269722", "RESNET32, 464154", "RESNET44, 658586", "RESNET56, 853018", "RESNET110, 1727962"})
    void theCifarResNetsHaveThePublishedParameterCounts(ModelPreset preset, long parameters) {
        assertThat(catalog.parameters(preset)).isEqualTo(parameters);
    }

    @Test
    void theReferenceNetworkCountsItsTrainableParametersOnly() {
        // 886,102 with batch norm's running statistics, which DL4J stores as parameters
        assertThat(catalog.parameters(ModelPreset.RESNET_REFERENCE)).isEqualTo(873_872);
    }

    /**
     * ResNet-20's multiply-adds by hand: the stem 32*32*27*16, stage 1 six 3x3x16x16 convolutions at 32x32, stage 2 one
     * 16->32 and five 32->32 at 16x16, stage 3 one 32->64 and five 64->64 at 8x8, the dense layer 64x10.
     */
    @Test
    void flopsAreTwiceTheMultiplyAddsOfConvolutionsAndDenseLayers() {
        long stem = 32 * 32 * 27 * 16;
        long stage1 = 6L * 32 * 32 * 9 * 16 * 16;
        long stage2 = 16 * 16 * 9 * (16 * 32 + 5L * 32 * 32);
        long stage3 = 8 * 8 * 9 * (32 * 64 + 5L * 64 * 64);
        long dense = 64 * 10;
        assertThat(catalog.figures(ModelPreset.RESNET20, InputShape.CIFAR10).forwardFlops())
                .isEqualTo(2 * (stem + stage1 + stage2 + stage3 + dense))
                .isEqualTo(81_102_080L);
    }

    @Test
    void figuresFollowTheInputShape() {
        ModelFigures gray = catalog.figures(ModelPreset.RESNET20, new InputShape(28, 28, 1, 10));
        ModelFigures hundred = catalog.figures(ModelPreset.RESNET20, new InputShape(32, 32, 3, 100));
        assertThat(gray.parameters()).isEqualTo(269_722 - 2 * 9 * 16);
        assertThat(hundred.parameters()).isEqualTo(269_722 + 90 * 65);
        assertThat(catalog.figures(ModelPreset.RESNET20, new InputShape(48, 48, 3, 3)).forwardFlops())
                .isGreaterThan(2 * catalog.figures(ModelPreset.RESNET20, InputShape.CIFAR10).forwardFlops());
        assertThat(catalog.cost(ModelPreset.RESNET20, InputShape.CIFAR10, 10, 50_000)).isEqualTo(10.0 * 50_000 * 269_722 / 1e9);
    }

    @Test
    void depthsOtherThanSixNPlusTwoAreRefused() {
        assertThatThrownBy(() -> ResNetSpec.he2016(21)).hasMessageContaining("6n + 2");
    }
}
