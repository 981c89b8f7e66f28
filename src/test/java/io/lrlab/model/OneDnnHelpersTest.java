package io.lrlab.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.system.NativeBackend;
import io.lrlab.training.ClassicMomentum;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Guards the speed bridge ({@code org.nd4j.nativeblas.Nd4jCpu}): on the CPU backend every convolution must run
 * through DL4J's oneDNN helper. A DL4J upgrade that renames the classes the bridge stands in for would otherwise
 * fall back, silently, to the built-in path at about a quarter of the speed.
 */
class OneDnnHelpersTest {

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.configure();
    }

    @Test
    void everyConvolutionOfTheNetworkUsesTheOneDnnHelper() {
        assertThat(Nd4j.getBackend().getClass().getSimpleName()).as("these tests run on the CPU backend").isEqualTo("CpuBackend");
        assertThat(org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN())
                .as("the native build loaded has oneDNN (NativeBackend picks a -onednn classifier)").isTrue();

        ComputationGraph net = new ResNet(ModelPreset.RESNET_TINY.spec(), 32, 32, 3, 10).init(1, new ClassicMomentum(0.1, 0.9));
        int convolutions = 0;
        for (Layer layer : net.getLayers()) {
            if (layer instanceof ConvolutionLayer conv) {
                convolutions++;
                assertThat(conv.getHelper()).as(layer.conf().getLayer().getLayerName()).isNotNull();
                assertThat(conv.getHelper().getClass().getSimpleName()).isEqualTo("MKLDNNConvHelper");
            }
        }
        assertThat(convolutions).isGreaterThan(3);
    }
}
