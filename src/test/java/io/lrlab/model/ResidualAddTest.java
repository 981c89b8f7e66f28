package io.lrlab.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.system.NativeBackend;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/** The residual add, which hands one gradient array to both inputs, backpropagates exactly as DL4J's add vertex. */
class ResidualAddTest {

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.configure();
    }

    @Test
    void aResNetsGradientsMatchDl4jsAddVertex() {
        // two modules per stage: projection modules and identity modules, whose shortcut also feeds a batch norm
        ResNetSpec spec = new ResNetSpec("test", java.util.List.of(2, 2), java.util.List.of(8, 16, 32), 5e-4, 1e-4);
        ComputationGraphConfiguration conf = new ResNet(spec, 16, 16, 3, 4).conf(2, new Sgd(0.1));
        assertThat(conf.getVertices().get("s1m2_add")).isInstanceOf(ResidualAdd.class);
        ComputationGraph fast = new ComputationGraph(conf.clone());
        fast.init();
        ComputationGraphConfiguration stockConf = conf.clone();
        stockConf.getVertices().replaceAll((name, vertex) -> vertex instanceof ResidualAdd ? new ElementWiseVertex(ElementWiseVertex.Op.Add) : vertex);
        ComputationGraph stock = new ComputationGraph(stockConf);
        stock.init();
        stock.setParams(fast.params().dup());

        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(6, 3, 16, 16);
        INDArray y = Nd4j.eye(4).getRows(0, 1, 2, 3, 0, 1);
        for (ComputationGraph net : new ComputationGraph[] {fast, stock}) {
            net.setInputs(x);
            net.setLabels(y);
            net.computeGradientAndScore();
        }
        assertThat(fast.score()).isEqualTo(stock.score());
        INDArray expected = stock.gradient().gradient();
        assertThat(expected.norm2Number().doubleValue()).as("a gradient to compare").isGreaterThan(0);
        assertThat(fast.gradient().gradient().sub(expected).amaxNumber().doubleValue()).isLessThan(1e-6);
    }
}
