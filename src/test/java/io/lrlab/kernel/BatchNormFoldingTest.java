package io.lrlab.kernel;

import io.lrlab.model.BatchNormReLU;
import io.lrlab.model.ChannelsLast;
import io.lrlab.model.LinearConvolution;
import io.lrlab.model.ResNet;
import io.lrlab.model.ResNetSpec;
import io.lrlab.model.ResidualAdd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lrlab.system.NativeBackend;
import io.lrlab.training.ClassicMomentum;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Inference with the batch norms folded into the convolutions before them ({@link BatchNormFolding}) gives what the
 * unfolded layers give (DL4J's {@code feedForward}, which never folds, runs the same kernels one layer at a time):
 * between training steps, whose running statistics and weights it must read as they are, and at several batch sizes,
 * whose outputs share the folded buffers. A convolution whose output another vertex reads too keeps its batch norm.
 * Freeing the native memory leaves the network usable.
 */
class BatchNormFoldingTest {

    // three modules per stage, so that folded outputs take turns in the shared buffers
    private static final ResNetSpec SPEC = new ResNetSpec("test", List.of(3, 3), List.of(8, 16, 32), 5e-4, 1e-4);
    // He et al.'s basic blocks: the first block of stages 2 and 3 subsamples, its shortcut padded
    private static final ResNetSpec HE = new ResNetSpec("he-test", ResNetSpec.Block.BASIC, List.of(3, 3, 3), List.of(8, 8, 16, 32), 1e-4, 1e-4);

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
    void foldsEveryBatchNormOfHeEtAlsNetworksWithAndWithoutReLU() {
        ComputationGraph net = new ResNet(HE, 16, 16, 3, 4).init(3, new ClassicMomentum(0.05, 0.9));

        List<String> folded = BatchNormFolding.link(net);

        // the stem's, and each of the 9 blocks' first (with ReLU) and second (without, read by the add)
        assertThat(folded).hasSize(19).contains("stem_bn", "s1b1_bn1", "s1b1_bn2", "s3b3_bn2");
        assertThat(((FusedBatchNormLayer) net.getLayer("s1b1_bn2")).relu()).isFalse();
        assertThat(((FusedBatchNormLayer) net.getLayer("s1b1_bn1")).relu()).isTrue();
    }

    @Test
    void heEtAlsFoldedInferenceEqualsTheLayersRunOneByOneBetweenTrainingSteps() {
        ComputationGraph net = new ResNet(HE, 16, 16, 3, 4).init(3, new ClassicMomentum(0.05, 0.9));
        Nd4j.getRandom().setSeed(11);
        for (int step = 0; step < 3; step++) {
            for (int batch : new int[] {6, 3}) {
                INDArray x = Nd4j.rand(batch, 3, 16, 16).muli(2).subi(0.5);
                INDArray folded = net.outputSingle(false, x);
                INDArray layerByLayer = net.feedForward(x, false).get(ResNet.OUTPUT_LAYER);
                assertThat(folded.sub(layerByLayer).amaxNumber().doubleValue())
                        .as("step %d, batch of %d", step, batch).isLessThan(1e-5);
            }
            net.fit(new DataSet(Nd4j.rand(8, 3, 16, 16), Nd4j.eye(4).getRows(0, 1, 2, 3, 0, 1, 2, 3)));
        }
        assertThat(((OneDnnConvHelper) net.getLayer("s2b2_conv2").getHelper()).foldedImplementations())
                .as("the convolution before a batch norm without ReLU ran folded, batch sizes 6 and 3").hasSize(2);
        LayerHelpers.release(net);
    }

    @Test
    void bfloat16FoldedInferenceEqualsTheLayersRunOneByOneWithinBfloat16sRounding() {
        assumeTrue(OneDnnConvHelper.active() && OneDnn.cpuHasBf16(), "this CPU has no AVX512_BF16: oneDNN has no bfloat16 kernels here");
        try (KernelPrecision bf16 = KernelPrecision.bf16(true)) {
            ComputationGraph net = new ResNet(HE, 16, 16, 3, 4).init(3, new ClassicMomentum(0.05, 0.9));
            Nd4j.getRandom().setSeed(13);
            for (int step = 0; step < 3; step++) {
                INDArray x = Nd4j.rand(6, 3, 16, 16).muli(2).subi(0.5);
                INDArray float32;
                try (KernelPrecision f32 = KernelPrecision.bf16(false)) {
                    float32 = net.outputSingle(false, x);
                }
                BatchNormFolding.link(net, false);
                INDArray floatBetween = net.outputSingle(false, x);
                BatchNormFolding.link(net, true);
                INDArray folded = net.outputSingle(false, x);
                INDArray layerByLayer = net.feedForward(x, false).get(ResNet.OUTPUT_LAYER);
                assertThat(folded.sub(layerByLayer).amaxNumber().doubleValue()).as("step %d", step).isLessThan(1e-2);
                assertThat(folded).as("step %d: float32's folded kernels round otherwise", step).isNotEqualTo(float32);
                assertThat(folded).as("step %d: as with float between the folded convolutions, which their readers round"
                        + " alike", step).isEqualTo(floatBetween);
                net.fit(new DataSet(Nd4j.rand(8, 3, 16, 16), Nd4j.eye(4).getRows(0, 1, 2, 3, 0, 1, 2, 3)));
            }
            assertThat(((OneDnnConvHelper) net.getLayer("s2b2_conv2").getHelper()).foldedImplementations().values())
                    .as("folded, on bfloat16 kernels").isNotEmpty().allSatisfy(name -> assertThat(name).contains("bf16"));
            assertThat(((OneDnnConvHelper) net.getLayer("s2b2_conv1").getHelper()).foldedDataTypes().values())
                    .as("a block's first convolution hands the second bfloat16").containsExactly("f32 -> bf16");
            assertThat(((OneDnnConvHelper) net.getLayer("s2b2_conv2").getHelper()).foldedDataTypes().values())
                    .as("the second writes float for the add").containsExactly("bf16 -> f32");
            LayerHelpers.release(net);
        }
    }

    @Test
    void aConvolutionThatAnotherVertexReadsTooKeepsItsBatchNorm() {
        // conv -> bn -> 1x1 conv, plus a skip: from the first convolution itself, or from its batch norm
        ComputationGraph skipFromConv = skipNet("conv");
        ComputationGraph skipFromBn = skipNet("bn");

        assertThat(BatchNormFolding.link(skipFromConv)).as("the convolution's output is also the add's input").isEmpty();
        assertThat(BatchNormFolding.link(skipFromBn)).as("the batch norm's output, read twice, is what folding gives")
                .containsExactly("bn");
        Nd4j.getRandom().setSeed(3);
        for (ComputationGraph net : new ComputationGraph[] {skipFromConv, skipFromBn}) {
            net.fit(new DataSet(Nd4j.rand(6, 3, 8, 8), Nd4j.eye(4).getRows(0, 1, 2, 3, 0, 1)));
            INDArray x = Nd4j.rand(5, 3, 8, 8);
            assertThat(net.outputSingle(false, x).sub(net.feedForward(x, false).get(ResNet.OUTPUT_LAYER)).amaxNumber().doubleValue())
                    .isLessThan(1e-5);
            LayerHelpers.release(net);
        }
    }

    private static ComputationGraph skipNet(String skipFrom) {
        var conf = new NeuralNetConfiguration.Builder().seed(4).updater(new ClassicMomentum(0.05, 0.9))
                .weightInit(WeightInit.XAVIER_UNIFORM).convolutionMode(ConvolutionMode.Same)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED).inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder()
                .addInputs("input").setInputTypes(InputType.convolutional(8, 8, 3))
                .addVertex(ResNet.CHANNELS_LAST, new PreprocessorVertex(new ChannelsLast()), "input")
                .addLayer("conv", LinearConvolution.of(4, 3, 1, 0), ResNet.CHANNELS_LAST)
                .addLayer("bn", BatchNormReLU.of(ResNet.BN_EPS, ResNet.BN_MOMENTUM), "conv")
                .addLayer("conv2", LinearConvolution.of(4, 1, 1, 0), "bn")
                .addVertex("add", new ResidualAdd(), "conv2", skipFrom)
                .addLayer("head_bn", BatchNormReLU.of(ResNet.BN_EPS, ResNet.BN_MOMENTUM), "add")
                .addLayer(ResNet.POOL_LAYER, new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG)
                        .kernelSize(8, 8).stride(8, 8).build(), "head_bn")
                .addLayer(ResNet.OUTPUT_LAYER, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(4).activation(Activation.SOFTMAX).build(), ResNet.POOL_LAYER)
                .setOutputs(ResNet.OUTPUT_LAYER)
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        LayerHelpers.install(net);
        return net;
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
