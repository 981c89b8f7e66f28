package io.lrlab.kernel;

import io.lrlab.model.ResNet;
import io.lrlab.model.ResNetSpec;
import io.lrlab.model.ResidualAdd;
import io.lrlab.model.FoldableBatchNorm;
import io.lrlab.model.ResidualAddReLU;
import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.system.NativeBackend;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.nd4j.linalg.activations.Activation;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The residual add, which hands one gradient array to both inputs and down its stage, backpropagates exactly as DL4J's
 * add vertex, step after step; with its ReLU (He et al.'s basic block), exactly as DL4J's add vertex followed by an
 * activation layer.
 */
class ResidualAddTest {

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.configure();
    }

    @Test
    void aResNetsGradientsMatchDl4jsAddVertexStepAfterStep() {
        // three modules per stage: a projection module, then identity modules, whose shortcut also feeds a batch norm and
        // whose adds hand the stage's gradient down
        ResNetSpec spec = new ResNetSpec("test", List.of(3, 3), List.of(8, 16, 32), 5e-4, 1e-4);
        ComputationGraphConfiguration conf = new ResNet(spec, 16, 16, 3, 4).conf(2, new Sgd(0.1));
        assertThat(conf.getVertices().get("s1m2_add")).isInstanceOf(ResidualAdd.class);
        ComputationGraph fast = new ComputationGraph(conf.clone());
        fast.init();
        ComputationGraphConfiguration stockConf = conf.clone();
        stockConf.getVertices().replaceAll((name, vertex) -> vertex instanceof ResidualAdd ? new ElementWiseVertex(ElementWiseVertex.Op.Add) : vertex);
        ComputationGraph stock = new ComputationGraph(stockConf);
        stock.init();
        stock.setParams(fast.params().dup());
        assertThat(fast.getConfiguration().getTrainingWorkspaceMode()).as("DL4J's workspaces, as lrlab trains").isEqualTo(WorkspaceMode.ENABLED);

        Nd4j.getRandom().setSeed(5);
        INDArray y = Nd4j.eye(4).getRows(0, 1, 2, 3, 0, 1);
        for (int step = 0; step < 3; step++) {
            INDArray x = Nd4j.rand(6, 3, 16, 16);
            for (ComputationGraph net : new ComputationGraph[] {fast, stock}) {
                net.setInputs(x);
                net.setLabels(y);
                net.computeGradientAndScore();
            }
            assertThat(fast.score()).as("step %d", step).isEqualTo(stock.score());
            INDArray expected = stock.gradient().gradient();
            assertThat(expected.norm2Number().doubleValue()).as("a gradient to compare").isGreaterThan(0);
            assertThat(fast.gradient().gradient().sub(expected).amaxNumber().doubleValue()).as("step %d", step).isLessThan(1e-6);
        }
        INDArray x = Nd4j.rand(6, 3, 16, 16);
        assertThat(fast.outputSingle(false, x)).as("inference").isEqualTo(stock.outputSingle(false, x));
        assertThat(fast.outputSingle(true, x)).as("training-mode forward").isEqualTo(stock.outputSingle(true, x));
    }

    @Test
    void heEtAlsBlocksWithTheReluFusedIntoTheAddMatchAnAddVertexAndAnActivationLayer() {
        // three blocks per stage: the first of stages 2 and 3 subsamples (option A shortcut), the others are identity
        // blocks whose adds hand the stage's masked gradient down
        ResNetSpec spec = new ResNetSpec("he-test", ResNetSpec.Block.BASIC, List.of(3, 3, 3), List.of(8, 8, 16, 32), 1e-4, 1e-4);
        ComputationGraphConfiguration conf = new ResNet(spec, 16, 16, 3, 4).conf(3, new Sgd(0.1));
        assertThat(conf.getVertices().get("s1b2_add")).isInstanceOf(ResidualAddReLU.class);
        ComputationGraphConfiguration restored = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertThat(restored.getVertices().get("s1b2_add")).as("a checkpoint's configuration holds it").isInstanceOf(ResidualAddReLU.class);
        assertThat(((LayerVertex) restored.getVertices().get("s1b2_bn2")).getLayerConf().getLayer()).isInstanceOf(FoldableBatchNorm.class);
        // both on lrlab's kernels, as lrlab trains: the sum in place in the step's workspace, batch norms on oneDNN
        ComputationGraph fast = new ComputationGraph(conf.clone());
        fast.init();
        LayerHelpers.install(fast);
        ComputationGraph stock = new ComputationGraph(unfused(conf.clone()));
        stock.init();
        LayerHelpers.install(stock);
        for (Layer layer : fast.getLayers()) {
            if (layer.numParams() > 0) {
                stock.getLayer(layer.conf().getLayer().getLayerName()).setParams(layer.params().dup());
            }
        }
        assertThat(stock.params()).isEqualTo(fast.params());

        Nd4j.getRandom().setSeed(7);
        // a smaller last batch, as an epoch's: the stage buffers and the ReLU's gradient kernels are built again
        int[] batches = {6, 6, 4, 6};
        for (int step = 0; step < batches.length; step++) {
            INDArray y = Nd4j.eye(4).getRows(java.util.stream.IntStream.range(0, batches[step]).map(i -> i % 4).toArray());
            INDArray x = Nd4j.rand(batches[step], 3, 16, 16).subi(0.5);
            for (ComputationGraph net : new ComputationGraph[] {fast, stock}) {
                net.setInputs(x);
                net.setLabels(y);
                net.computeGradientAndScore();
            }
            assertThat(fast.score()).as("step %d", step).isEqualTo(stock.score());
            INDArray expected = stock.gradient().gradient();
            assertThat(expected.norm2Number().doubleValue()).as("a gradient to compare").isGreaterThan(0);
            assertThat(fast.gradient().gradient().sub(expected).amaxNumber().doubleValue()).as("step %d", step).isLessThan(1e-6);
            fast.params().subi(fast.gradient().gradient().mul(0.1));
            stock.params().subi(expected.mul(0.1));
        }
        INDArray x = Nd4j.rand(6, 3, 16, 16);
        assertThat(fast.outputSingle(false, x)).as("inference").isEqualTo(stock.outputSingle(false, x));
    }

    /** Each fused {@code _add} as DL4J's add vertex ({@code _add_sum}) and an activation layer with ReLU under its name. */
    private static ComputationGraphConfiguration unfused(ComputationGraphConfiguration conf) {
        Map<String, GraphVertex> vertices = conf.getVertices();
        Map<String, List<String>> inputs = conf.getVertexInputs();
        for (String name : List.copyOf(vertices.keySet())) {
            if (vertices.get(name) instanceof ResidualAddReLU) {
                vertices.put(name + "_sum", new ElementWiseVertex(ElementWiseVertex.Op.Add));
                inputs.put(name + "_sum", inputs.get(name));
                NeuralNetConfiguration layer = new NeuralNetConfiguration.Builder()
                        .layer(new ActivationLayer.Builder().name(name).activation(Activation.RELU).build()).build();
                vertices.put(name, new LayerVertex(layer, null));
                inputs.put(name, List.of(name + "_sum"));
            }
        }
        return conf;
    }
}
