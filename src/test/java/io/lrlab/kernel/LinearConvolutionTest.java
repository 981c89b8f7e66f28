package io.lrlab.kernel;

import io.lrlab.model.ModelPreset;
import io.lrlab.model.BatchNormReLU;
import io.lrlab.model.ResNet;
import io.lrlab.model.LinearConvolution;
import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.system.NativeBackend;
import java.util.function.BiFunction;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The linear convolution computes what DL4J's convolution layer computes, minus the repeated forward pass. */
class LinearConvolutionTest {

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.configure();
    }

    /**
     * @param mode Same (the ResNet's: asymmetric padding at stride 2), Truncate with padding 1 (symmetric), and Truncate
     *     without padding, whose stride-2 window drops the last input row, which lrlab's kernels leave to DL4J's
     */
    @ParameterizedTest(name = "{0}, padding {1}")
    @CsvSource({"Same, 0", "Truncate, 1", "Truncate, 0"})
    void gradientsMatchDl4jsConvolutionLayer(ConvolutionMode mode, int padding) {
        ComputationGraph stock = network(mode, (k, s) -> new ConvolutionLayer.Builder(k, k).stride(s, s).padding(padding, padding)
                .nOut(6).hasBias(false).activation(Activation.IDENTITY).l2(1e-3).build());
        ComputationGraph linear = network(mode, (k, s) -> LinearConvolution.of(6, k, s, padding, 1e-3));
        assertThat(linear.getLayer("conv1")).isInstanceOf(LinearConvolutionLayer.class);
        assertThat(linear.getLayer("conv1").getHelper()).isInstanceOf(OneDnnConvHelper.class);
        linear.setParams(stock.params().dup());

        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(4, 3, 8, 8).subi(0.5);
        INDArray y = Nd4j.eye(4).getColumns(0, 1, 2);
        stock.setInputs(x);
        stock.setLabels(y);
        linear.setInputs(x);
        linear.setLabels(y);
        stock.computeGradientAndScore();
        linear.computeGradientAndScore();

        // float sums in the kernels' own order: equal to the last bits or so, not always to every bit
        assertThat(linear.score()).isCloseTo(stock.score(), org.assertj.core.data.Offset.offset(1e-6));
        INDArray expected = stock.gradient().gradient();
        INDArray actual = linear.gradient().gradient();
        assertThat(expected.norm2Number().doubleValue()).as("a gradient to compare").isGreaterThan(0);
        assertThat(actual.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-6);
    }

    @Test
    void survivesTheJsonConfigurationThatCheckpointsStore() {
        var conf = new ResNet(ModelPreset.RESNET_TINY.spec(), 32, 32, 3, 10).conf(1, new Sgd(0.1));
        var restored = org.deeplearning4j.nn.conf.ComputationGraphConfiguration.fromJson(conf.toJson());
        var layer = ((org.deeplearning4j.nn.conf.graph.LayerVertex) restored.getVertices().get("s1m1_conv2")).getLayerConf().getLayer();
        assertThat(layer).isInstanceOfSatisfying(LinearConvolution.class, conv -> {
            assertThat(conv.getKernelSize()).containsExactly(3, 3);
            assertThat(conv.hasBias()).isFalse();
        });
        assertThat(((org.deeplearning4j.nn.conf.graph.LayerVertex) restored.getVertices().get("s1m1_bn1")).getLayerConf().getLayer())
                .isInstanceOf(BatchNormReLU.class);
        assertThat(restored).isEqualTo(conf);
    }

    /** input -> 3x3 conv, stride 2 -> 1x1 conv -> global average -> softmax. */
    private static ComputationGraph network(ConvolutionMode mode, BiFunction<Integer, Integer, Layer> conv) {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.1))
                .convolutionMode(mode).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(8, 8, 3))
                .addLayer("conv1", conv.apply(3, 2), "in")
                .addLayer("conv2", conv.apply(1, 1), "conv1")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "conv2")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out").build());
        net.init();
        return net;
    }
}
