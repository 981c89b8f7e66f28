package io.lrlab.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.system.NativeBackend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** The ReLU of networks built before {@link BatchNormReLU}, kept for their checkpoints. */
class FastReLUTest {

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.configure();
    }

    @Test
    void forwardAndBackwardEqualDl4jsReLU() {
        INDArray z = Nd4j.randn(16, 8, 12, 12);
        INDArray epsilon = Nd4j.randn(16, 8, 12, 12);
        ActivationReLU dl4j = new ActivationReLU();
        FastReLU fast = new FastReLU();
        assertThat(fast.getActivation(z.dup(), true)).isEqualTo(dl4j.getActivation(z.dup(), true));
        assertThat(fast.backprop(z.dup(), epsilon.dup()).getFirst()).isEqualTo(dl4j.backprop(z.dup(), epsilon.dup()).getFirst());
    }

    @Test
    void viewsTakeTheGeneralPath() {
        INDArray z = Nd4j.randn(6, 6).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 4), org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray expected = new ActivationReLU().getActivation(z.dup(), true);
        assertThat(new FastReLU().getActivation(z, true)).isEqualTo(expected);
    }

    @Test
    void survivesDl4jsJsonConfiguration() throws Exception {
        ObjectMapper json = org.deeplearning4j.nn.conf.NeuralNetConfiguration.mapper();
        String text = json.writeValueAsString(new org.deeplearning4j.nn.conf.layers.ActivationLayer.Builder().activation(new FastReLU()).build());
        assertThat(text).contains(FastReLU.class.getName());
        var layer = json.readValue(text, org.deeplearning4j.nn.conf.layers.ActivationLayer.class);
        assertThat(layer.getActivationFn()).isInstanceOf(FastReLU.class);
    }
}
