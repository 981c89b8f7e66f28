package io.lrlab.kernel;

import io.lrlab.model.ModelPreset;
import io.lrlab.model.ResNet;
import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.system.NativeBackend;
import io.lrlab.training.ClassicMomentum;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The kernel choices that an experiment's provenance records, and the bfloat16 opt-in that is off unless asked for. */
class KernelSettingsTest {

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.configure();
    }

    @AfterEach
    void clear() {
        System.clearProperty("lrlab.kernels.bf16");
    }

    @Test
    void theDefaultsAreLrlabsOneDnnKernelsInFloatArithmetic() {
        assertThat(LayerHelpers.kernels())
                .containsEntry("layout", "NHWC")
                .containsEntry("convolutionKernels", "lrlab oneDNN 2.5.2")
                .containsEntry("batchNormKernels", "lrlab oneDNN 2.5.2")
                .containsEntry("kernelArithmetic", "f32")
                .containsEntry("inferenceBatchNorm", "folded into the convolution before it where that convolution feeds it alone");
    }

    @Test
    void bfloat16IsAnOptInThatTheProvenanceRecordsAndThatTrainsEvenWithoutHardwareForIt() {
        System.setProperty("lrlab.kernels.bf16", "true");
        assertThat(LayerHelpers.kernels().get("kernelArithmetic")).containsAnyOf("bf16 products", "bfloat16 asked for");

        ComputationGraph net = new ResNet(ModelPreset.RESNET_TINY.spec(), 32, 32, 3, 10).init(3, new ClassicMomentum(0.05, 0.9));
        Nd4j.getRandom().setSeed(5);
        DataSet batch = new DataSet(Nd4j.rand(8, 3, 32, 32), Nd4j.eye(8).getColumns(0, 1, 2, 3, 4, 5, 6, 7, 0, 1).getRows(0, 1, 2, 3, 4, 5, 6, 7));
        net.fit(batch);
        assertThat(net.score()).isFinite().isPositive();
        LayerHelpers.release(net);
    }
}
