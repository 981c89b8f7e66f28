package io.lrlab.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.system.NativeBackend;
import io.lrlab.training.ClassicMomentum;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inference with the batch norms folded into the convolutions before them ({@link BatchNormFolding}) gives what the
 * unfolded layers give (DL4J's {@code feedForward}, which never folds, runs the same kernels one layer at a time):
 * between training steps, whose running statistics and weights it must read as they are, and at several batch sizes,
 * whose outputs share the folded buffers. Freeing the native memory leaves the network usable.
 */
class BatchNormFoldingTest {

    // three modules per stage, so that folded outputs take turns in the shared buffers
    private static final ResNetSpec SPEC = new ResNetSpec("test", List.of(3, 3), List.of(8, 16, 32), 5e-4, 1e-4);

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.configure();
    }

    @Test
    void foldsEveryBatchNormThatReadsAConvolutionAlone() {
        ComputationGraph net = new ResNet(SPEC, 16, 16, 3, 4).init(3, new ClassicMomentum(0.05, 0.9));

        List<String> folded = BatchNormFolding.link(net);

        // each module's second and third; of the first ones only the first module's, which reads the stem convolution
        // (the others read a residual add); not the stem's plain batch norm nor the head's, which reads an add
        assertThat(folded).hasSize(13).contains("s1m1_bn1", "s1m1_bn2", "s1m1_bn3", "s2m3_bn2", "s2m3_bn3")
                .noneMatch(name -> name.endsWith("_bn1") && !name.equals("s1m1_bn1") || name.startsWith("stem") || name.startsWith("head"));
    }

    @Test
    void foldedInferenceEqualsTheLayersRunOneByOneBetweenTrainingSteps() {
        ComputationGraph net = new ResNet(SPEC, 16, 16, 3, 4).init(3, new ClassicMomentum(0.05, 0.9));
        Nd4j.getRandom().setSeed(7);
        for (int step = 0; step < 4; step++) {
            for (int batch : new int[] {6, 3, 9}) {
                INDArray x = Nd4j.rand(batch, 3, 16, 16).muli(2).subi(0.5);
                INDArray folded = net.outputSingle(false, x);
                INDArray layerByLayer = net.feedForward(x, false).get(ResNet.OUTPUT_LAYER);
                assertThat(folded.sub(layerByLayer).amaxNumber().doubleValue())
                        .as("step %d, batch of %d", step, batch).isLessThan(1e-5);
                assertThat(net.outputSingle(false, x)).as("a second pass, buffers reused").isEqualTo(folded);
            }
            net.fit(new DataSet(Nd4j.rand(8, 3, 16, 16), Nd4j.eye(4).getRows(0, 1, 2, 3, 0, 1, 2, 3)));
        }
        Map<ConvShape, String> kernels = ((OneDnnConvHelper) net.getLayer("s1m2_conv2").getHelper()).foldedImplementations();
        assertThat(kernels).as("the folded convolution ran, batch sizes 6, 3 and 9").hasSize(3);
        assertThat(kernels.values()).as("oneDNN's optimised kernels, not its reference code")
                .allSatisfy(name -> assertThat(name).doesNotStartWith("ref"));

        INDArray x = Nd4j.rand(5, 3, 16, 16);
        INDArray before = net.outputSingle(false, x);
        LayerHelpers.release(net);
        assertThat(net.outputSingle(false, x)).as("after the kernels and folded buffers were freed").isEqualTo(before);
        LayerHelpers.release(net);
    }
}
