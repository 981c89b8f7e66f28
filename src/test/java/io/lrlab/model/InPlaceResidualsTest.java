package io.lrlab.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.system.NativeBackend;
import io.lrlab.training.ClassicMomentum;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * In inference, a residual module's last convolution adds itself into the shortcut in place
 * ({@link InPlaceResiduals}); the network still computes what DL4J's own add vertex computes, pass after pass, between
 * training steps, at several batch sizes, and in DL4J's {@code feedForward}, which keeps every activation. Where a
 * later vertex still reads the shortcut, the add stays out of place.
 */
class InPlaceResidualsTest {

    private static final double TOLERANCE = 1e-5;

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.configure();
    }

    @Test
    void theIdentityModulesAddsAreLinkedTheProjectionModulesAreNot() {
        ComputationGraph net = new ComputationGraph(resnet().conf(3, new Sgd(0.1)));
        net.init();
        assertThat(InPlaceResiduals.link(net)).containsExactly("s1m2_add", "s1m3_add", "s2m2_add", "s2m3_add");
    }

    @Test
    void inferenceMatchesDl4jsAddVertexBetweenTrainingStepsAndAtEveryBatchSize() {
        ComputationGraph fast = resnet().init(3, new ClassicMomentum(0.05, 0.9));
        ComputationGraph stock = stockCopy(fast);
        Nd4j.getRandom().setSeed(11);
        for (int step = 0; step < 3; step++) {
            for (int batch : new int[] {6, 2, 6}) {
                INDArray x = Nd4j.rand(batch, 3, 16, 16);
                INDArray expected = stock.outputSingle(false, x);
                INDArray actual = fast.outputSingle(false, x);
                assertThat(actual.sub(expected).amaxNumber().doubleValue()).as("step %d, batch %d", step, batch).isLessThan(TOLERANCE);
            }
            DataSet batch = new DataSet(Nd4j.rand(6, 3, 16, 16), Nd4j.eye(4).getRows(0, 1, 2, 3, 0, 1));
            fast.fit(batch);
            stock.fit(batch);
            assertThat(fast.score()).as("training is untouched, step %d", step).isCloseTo(stock.score(), Offset.offset(1e-5));
        }
        assertThat(accumulatingShapes(fast)).as("the in-place path ran").isGreaterThanOrEqualTo(4);
        LayerHelpers.release(fast);
        INDArray x = Nd4j.rand(6, 3, 16, 16);
        assertThat(fast.outputSingle(false, x).sub(stock.outputSingle(false, x)).amaxNumber().doubleValue())
                .as("after its buffers were released").isLessThan(TOLERANCE);
    }

    @Test
    void feedForwardKeepsEveryAddsOwnValue() {
        ComputationGraph fast = resnet().init(5, new Sgd(0.1));
        ComputationGraph stock = stockCopy(fast);
        INDArray x = Nd4j.rand(4, 3, 16, 16);
        Map<String, INDArray> expected = stock.feedForward(x, false);
        Map<String, INDArray> actual = fast.feedForward(x, false);
        for (String add : List.of("s1m1_add", "s1m2_add", "s1m3_add", "s2m3_add", ResNet.OUTPUT_LAYER)) {
            assertThat(actual.get(add).sub(expected.get(add)).amaxNumber().doubleValue()).as(add).isLessThan(TOLERANCE);
        }
    }

    @Test
    void anAddWhoseShortcutIsStillReadLaterStaysOutOfPlace() {
        // p = c1 + c0 holds the stream; q = cq(bq(p)) + p may accumulate into it; r = cr(br(q)) + q may not, because
        // the long skip z = r + q reads that buffer after cr has run
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).updater(new Sgd(0.1))
                .weightInit(WeightInit.XAVIER_UNIFORM).convolutionMode(ConvolutionMode.Same)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED).inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder()
                .addInputs("input").setInputTypes(InputType.convolutional(8, 8, 3))
                .addVertex("nhwc", new PreprocessorVertex(new ChannelsLast()), "input")
                .addLayer("c0", LinearConvolution.of(16, 3, 1, 0), "nhwc")
                .addLayer("c1", LinearConvolution.of(16, 1, 1, 0), "c0")
                .addVertex("p", new ResidualAdd(), "c1", "c0")
                .addLayer("bq", LinearConvolution.of(8, 1, 1, 0), "p")
                .addLayer("cq", LinearConvolution.of(16, 3, 1, 0), "bq")
                .addVertex("q", new ResidualAdd(), "cq", "p")
                .addLayer("br", LinearConvolution.of(8, 1, 1, 0), "q")
                .addLayer("cr", LinearConvolution.of(16, 3, 1, 0), "br")
                .addVertex("r", new ResidualAdd(), "cr", "q")
                .addVertex("z", new ResidualAdd(), "r", "q")
                .addLayer("pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG).kernelSize(8, 8).stride(8, 8).build(), "z")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out").build();
        ComputationGraph fast = new ComputationGraph(conf);
        fast.init();
        assertThat(InPlaceResiduals.link(fast)).containsExactly("q");
        ComputationGraph stock = stockCopy(fast);
        INDArray x = Nd4j.rand(2, 3, 8, 8);
        for (int pass = 0; pass < 2; pass++) {
            assertThat(fast.outputSingle(false, x).sub(stock.outputSingle(false, x)).amaxNumber().doubleValue())
                    .as("pass %d", pass).isLessThan(TOLERANCE);
        }
    }

    private static ResNet resnet() {
        // two stages of three modules: a projection module, then two identity modules, per stage
        return new ResNet(new ResNetSpec("test", List.of(3, 3), List.of(8, 16, 32), 5e-4, 1e-4), 16, 16, 3, 4);
    }

    /** The same network and parameters with DL4J's own add vertex, which nothing links. */
    private static ComputationGraph stockCopy(ComputationGraph net) {
        ComputationGraphConfiguration conf = net.getConfiguration().clone();
        conf.getVertices().replaceAll((name, vertex) -> vertex instanceof ResidualAdd ? new ElementWiseVertex(ElementWiseVertex.Op.Add) : vertex);
        ComputationGraph stock = new ComputationGraph(conf);
        stock.init();
        LayerHelpers.install(stock);
        stock.setParams(net.params().dup());
        return stock;
    }

    private static int accumulatingShapes(ComputationGraph net) {
        int shapes = 0;
        for (var layer : net.getLayers()) {
            if (layer instanceof ConvolutionLayer conv && conv.getHelper() instanceof OneDnnConvHelper helper) {
                shapes += helper.accumulatingShapes();
            }
        }
        return shapes;
    }
}
