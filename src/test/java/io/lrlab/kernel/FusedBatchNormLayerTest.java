package io.lrlab.kernel;

import io.lrlab.model.BatchNormReLU;
import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.system.NativeBackend;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A batch norm + ReLU with lrlab's kernels installed trains as DL4J's batch norm followed by an activation layer does,
 * on inputs the kernels take and on inputs they decline, where the layer applies the ReLU and masks the gradient
 * itself: a dense layer's output, which DL4J hands the kernels as images of 1 x 1 pixels, in float; and the same in
 * double, which the float kernels decline.
 */
class FusedBatchNormLayerTest {

    private static final double EPS = 1e-5;
    private static final double DECAY = 0.9;

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.configure();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void trainsAsDl4jsBatchNormFollowedByAReLU(DataType dataType) {
        ComputationGraph fused = network(dataType, BatchNormReLU.of(EPS, DECAY), null);
        assertThat(LayerHelpers.install(fused)).isEqualTo(1);
        assertThat(fused.getLayer("bn").getHelper()).isInstanceOfSatisfying(BatchNormKernels.class,
                helper -> assertThat(helper.appliesRelu()).isTrue());
        ComputationGraph reference = network(dataType, new BatchNormalization.Builder().eps(EPS).decay(DECAY).build(),
                new ActivationLayer.Builder().activation(Activation.RELU).build());
        reference.setParams(fused.params().dup());

        Nd4j.getRandom().setSeed(3);
        for (int step = 0; step < 4; step++) {
            DataSet batch = new DataSet(Nd4j.randn(dataType, 12, 5), Nd4j.eye(3).getRows(0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2).castTo(dataType));
            INDArray activations = fused.feedForward(batch.getFeatures(), true).get("bn");
            assertThat(activations.minNumber().doubleValue()).as("step %d: the ReLU applied", step).isGreaterThanOrEqualTo(0);
            assertThat(activations.eq(0).castTo(DataType.INT).sumNumber().intValue()).as("some units clipped").isPositive();
            fused.fit(batch);
            reference.fit(batch);
            assertThat(fused.score()).as("step %d", step).isCloseTo(reference.score(), org.assertj.core.data.Offset.offset(1e-5));
        }
        assertThat(fused.params().sub(reference.params()).amaxNumber().doubleValue()).as("parameters after 4 steps")
                .isLessThan(1e-5);
        INDArray x = Nd4j.randn(dataType, 7, 5);
        assertThat(fused.outputSingle(false, x).sub(reference.outputSingle(false, x)).amaxNumber().doubleValue())
                .as("inference").isLessThan(1e-5);
        LayerHelpers.release(fused);
    }

    /** dense -> {@code bn} (-> {@code relu} where given) -> softmax; the same parameters in the same order either way. */
    private static ComputationGraph network(DataType dataType, Layer bn, Layer relu) {
        ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
                .seed(7).dataType(dataType).updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER)
                .graphBuilder().addInputs("in")
                .addLayer("dense", new DenseLayer.Builder().nOut(8).activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn", bn, "dense");
        String last = "bn";
        if (relu != null) {
            graph.addLayer("relu", relu, "bn");
            last = "relu";
        }
        ComputationGraph net = new ComputationGraph(graph
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build(), last)
                .setOutputs("out").setInputTypes(InputType.feedForward(5)).build());
        net.init();
        return net;
    }
}
