package io.lrlab.kernel;

import io.lrlab.model.ModelPreset;
import io.lrlab.model.ResNet;
import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.system.NativeBackend;
import io.lrlab.training.ClassicMomentum;
import java.lang.reflect.Field;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fast batch-norm helper, with and without the fused ReLU, trains exactly like DL4J's own batch norm followed by
 * a ReLU: same losses, parameters and running statistics.
 */
class FastBatchNormHelperTest {

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.configure();
    }

    /**
     * @param withoutHelper DL4J's batch norm without any helper, as on a GPU backend (M2.1 has no cuDNN layer helpers
     *                      on Maven Central); otherwise with its oneDNN helper, as DL4J builds the network on a CPU
     */
    @ParameterizedTest(name = "DL4J batch norm without a helper: {0}")
    @ValueSource(booleans = {false, true})
    void trainingWithTheFastHelperMatchesDl4jsBatchNorm(boolean withoutHelper) throws ReflectiveOperationException {
        // the channels-first layout of lrlab 0.1 and 0.2, the one this helper serves
        ResNet resnet = new ResNet(ModelPreset.RESNET_MINI.spec(), 32, 32, 3, 10).channelsFirst();
        ComputationGraph reference = new ComputationGraph(resnet.conf(5, new ClassicMomentum(0.05, 0.9)));
        reference.init();
        if (withoutHelper) {
            Field helper = org.deeplearning4j.nn.layers.normalization.BatchNormalization.class.getDeclaredField("helper");
            helper.setAccessible(true);
            for (var layer : reference.getLayers()) {
                if (layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization) {
                    helper.set(layer, null);
                }
            }
            assertThat(reference.getLayer("s1m1_bn1").getHelper()).isNull();
        } else {
            assertThat(reference.getLayer("s1m1_bn1").getHelper()).isNotNull().isNotInstanceOf(FastBatchNormHelper.class);
        }
        ComputationGraph fast = resnet.init(5, new ClassicMomentum(0.05, 0.9));
        assertThat(LayerHelpers.install(fast)).as("stem, 3 per module, head").isEqualTo(11);
        assertThat(fast.getLayer("s1m1_bn1").getHelper()).isInstanceOfSatisfying(FastBatchNormHelper.class,
                helper -> assertThat(helper.appliesRelu()).as("BN + ReLU fused").isTrue());
        assertThat(fast.getLayer("stem_bn").getHelper()).isInstanceOfSatisfying(FastBatchNormHelper.class,
                helper -> assertThat(helper.appliesRelu()).as("the input BN has no ReLU").isFalse());

        Nd4j.getRandom().setSeed(11);
        for (int step = 0; step < 4; step++) {
            DataSet batch = new DataSet(Nd4j.rand(16, 3, 32, 32).muli(2).subi(0.5), Nd4j.eye(10).getRows(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5));
            reference.fit(batch);
            fast.fit(batch);
            assertThat(fast.score()).isCloseTo(reference.score(), org.assertj.core.data.Percentage.withPercentage(0.01));
        }
        INDArray difference = fast.params().sub(reference.params());
        double scale = reference.params().norm2Number().doubleValue();
        assertThat(difference.norm2Number().doubleValue() / scale).as("relative parameter difference").isLessThan(1e-4);

        INDArray x = Nd4j.rand(8, 3, 32, 32);
        INDArray expected = reference.outputSingle(false, x);
        INDArray actual = fast.outputSingle(false, x);
        assertThat(actual.sub(expected).amaxNumber().doubleValue()).as("inference with running statistics").isLessThan(1e-4);
    }
}
