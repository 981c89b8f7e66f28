package io.lrlab.kernel;

import io.lrlab.model.ChannelsLastTrainingTest;
import io.lrlab.model.ModelPreset;
import io.lrlab.model.ResNet;
import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.system.NativeBackend;
import io.lrlab.training.ClassicMomentum;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Guards the fast paths on the CPU backend: every convolution and batch norm of a new network runs on lrlab's oneDNN
 * kernels, and DL4J's own oneDNN helper, which the speed bridge ({@code org.nd4j.nativeblas.Nd4jCpu}) switches on,
 * still serves as the fallback. A DL4J or JavaCPP upgrade that broke either would otherwise fall back, silently, to the
 * built-in path at a fraction of the speed.
 */
class OneDnnHelpersTest {

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.configure();
    }

    @Test
    void everyConvolutionAndBatchNormOfANewNetworkRunsOnLrlabsOneDnnKernels() {
        assertThat(Nd4j.getBackend().getClass().getSimpleName()).as("these tests run on the CPU backend").isEqualTo("CpuBackend");
        assertThat(OneDnn.get()).as("org.bytedeco:dnnl loads").isPresent();

        ComputationGraph net = new ResNet(ModelPreset.RESNET_TINY.spec(), 32, 32, 3, 10).init(1, new ClassicMomentum(0.1, 0.9));
        int convolutions = 0;
        int batchNorms = 0;
        for (Layer layer : net.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            if (layer instanceof ConvolutionLayer conv) {
                convolutions++;
                assertThat(conv.getHelper()).as(name).isInstanceOf(OneDnnConvHelper.class);
            }
            if (layer instanceof BatchNormalization bn) {
                batchNorms++;
                assertThat(bn.getHelper()).as(name).isInstanceOf(OneDnnBatchNormHelper.class);
            }
        }
        assertThat(convolutions).isGreaterThan(3);
        assertThat(batchNorms).isGreaterThan(3);
    }

    @Test
    void aNetworkWhoseKernelsWereReleasedTrainsOnWithTheSameResults() {
        ComputationGraph released = new ResNet(ModelPreset.RESNET_TINY.spec(), 32, 32, 3, 10).init(4, new ClassicMomentum(0.05, 0.9));
        ComputationGraph kept = new ResNet(ModelPreset.RESNET_TINY.spec(), 32, 32, 3, 10).init(4, new ClassicMomentum(0.05, 0.9));
        Nd4j.getRandom().setSeed(9);
        for (int step = 0; step < 3; step++) {
            org.nd4j.linalg.dataset.DataSet batch = new org.nd4j.linalg.dataset.DataSet(Nd4j.rand(8, 3, 32, 32),
                    Nd4j.eye(10).getRows(0, 1, 2, 3, 4, 5, 6, 7));
            released.fit(batch);
            kept.fit(batch);
            // every native primitive and buffer freed; the next step builds them again
            LayerHelpers.release(released);
            assertThat(released.score()).as("step " + step).isEqualTo(kept.score());
        }
        assertThat(released.params()).isEqualTo(kept.params());
        LayerHelpers.release(kept);
    }

    @Test
    void dl4jsOwnOneDnnHelperRemainsTheFallbackForConvolutions() {
        assertThat(org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN())
                .as("the native build loaded has oneDNN (NativeBackend picks a -onednn classifier)").isTrue();
        ComputationGraph net = ChannelsLastTrainingTest.dl4jKernels(new ResNet(ModelPreset.RESNET_TINY.spec(), 32, 32, 3, 10),
                new ClassicMomentum(0.1, 0.9));
        for (Layer layer : net.getLayers()) {
            if (layer instanceof ConvolutionLayer conv) {
                assertThat(conv.getHelper().getClass().getSimpleName()).as(layer.conf().getLayer().getLayerName())
                        .isEqualTo("MKLDNNConvHelper");
            }
        }
    }
}
