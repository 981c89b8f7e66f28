package io.lrlab.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.system.NativeBackend;
import io.lrlab.training.ClassicMomentum;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class ResNetTest {

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.configure();
    }

    @Test
    void referenceNetworkHasTheReferenceParameterCount() {
        ComputationGraph net = new ResNet(ModelPreset.RESNET_REFERENCE.spec(), 32, 32, 3, 10).init(1, new ClassicMomentum(0.1, 0.9));
        assertThat(net.numParams()).isEqualTo(886_102);
        long runningStats = 0;
        for (var layer : net.getLayers()) {
            if (layer.conf().getLayer() instanceof BatchNormalization) {
                // DL4J keeps the running variance as log10 of the std when useLogStd is on (the default)
                runningStats += layer.paramTable().entrySet().stream()
                        .filter(e -> List.of("mean", "var", "log10stdev").contains(e.getKey()))
                        .mapToLong(e -> e.getValue().length()).sum();
            }
        }
        assertThat(net.numParams() - runningStats).as("trainable").isEqualTo(873_872);
        assertThat(runningStats).isEqualTo(12_230);
    }

    @Test
    void referenceLayersFollowTheProtocol() {
        var conf = new ResNet(ModelPreset.RESNET_REFERENCE.spec(), 32, 32, 3, 10).conf(1, new ClassicMomentum(0.1, 0.9));
        ConvolutionLayer stem = (ConvolutionLayer) conf.getVertices().entrySet().stream()
                .filter(e -> e.getKey().equals("stem_conv")).findFirst().map(e -> ((org.deeplearning4j.nn.conf.graph.LayerVertex) e.getValue()).getLayerConf().getLayer()).orElseThrow();
        assertThat(stem.hasBias()).isFalse();
        assertThat(conf.getVertices()).containsKeys("s1m1_shortcut", "s2m1_shortcut", "s3m1_shortcut", "s3m9_add")
                .doesNotContainKey("s3m10_add");
        BatchNormalization bn = (BatchNormalization) ((org.deeplearning4j.nn.conf.graph.LayerVertex) conf.getVertices().get("s1m1_bn1")).getLayerConf().getLayer();
        assertThat(bn.getEps()).isEqualTo(2e-5);
        assertThat(bn.getDecay()).isEqualTo(0.9);
        assertThat(ResNet.kerasToDl4jL2(5e-4)).isEqualTo(1e-3);
        assertThat(conf.getNetworkInputs()).isEqualTo(List.of("input"));
    }

    @Test
    void aSmallPresetTrainsOneBatch() {
        ComputationGraph net = new ResNet(ModelPreset.RESNET_TINY.spec(), 32, 32, 3, 10).init(7, new ClassicMomentum(0.05, 0.9));
        DataSet batch = new DataSet(Nd4j.rand(8, 3, 32, 32), Nd4j.eye(10).getRows(0, 1, 2, 3, 4, 5, 6, 7));
        double before = net.score(batch);
        for (int i = 0; i < 5; i++) {
            net.fit(batch);
        }
        assertThat(net.score(batch)).isLessThan(before);
    }
}
