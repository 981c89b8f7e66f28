package io.lrlab.model;

import io.lrlab.kernel.LayerHelpers;
import io.lrlab.kernel.OneDnnConvHelper;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A ResNet as a DL4J graph: the images turned channels-last, the body its {@link ResNetSpec.Block} describes (the
 * reference's pre-activation bottleneck network, Rosebrock's {@code resnet.py}, or He et al.'s CIFAR network of basic
 * blocks), then global average pool and softmax.
 * Every layer is named; the configuration is built separately from initialisation, like the DL4J zoo.
 */
public final class ResNet {

    public static final String POOL_LAYER = "head_pool";
    public static final String OUTPUT_LAYER = "output";
    public static final String CHANNELS_LAST = "channels_last";
    public static final double BN_EPS = 2e-5;
    public static final double BN_MOMENTUM = 0.9;

    private final ResNetSpec spec;
    private final int height;
    private final int width;
    private final int channels;
    private final int classes;
    private final boolean channelsLast;

    /**
     * Channels-last where lrlab's oneDNN kernels run (the CPU backend); channels-first, exactly as before them, on a GPU
     * backend, whose DL4J layers keep their own path.
     */
    public ResNet(ResNetSpec spec, int height, int width, int channels, int classes) {
        this(spec, height, width, channels, classes, OneDnnConvHelper.active());
    }

    private ResNet(ResNetSpec spec, int height, int width, int channels, int classes, boolean channelsLast) {
        this.spec = spec;
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.classes = classes;
        this.channelsLast = channelsLast;
    }

    /**
     * The same network in the channels-first layout of lrlab 0.1 and 0.2 (their checkpoints hold it and still load),
     * for comparisons: the equivalence tests and the speed benchmark.
     */
    public ResNet channelsFirst() {
        return new ResNet(spec, height, width, channels, classes, false);
    }

    /** Builds and initialises the network with {@code seed}, its convolutions and batch norms on lrlab's kernels. */
    public ComputationGraph init(long seed, IUpdater updater) {
        ComputationGraph net = new ComputationGraph(conf(seed, updater));
        net.init();
        LayerHelpers.install(net);
        return net;
    }

    public ComputationGraphConfiguration conf(long seed, IUpdater updater) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(updater)
                // He et al. initialise as in their [13], He normal; the reference as Keras does, Glorot uniform
                .weightInit(spec.block() == ResNetSpec.Block.BASIC ? WeightInit.RELU : WeightInit.XAVIER_UNIFORM)
                .convolutionMode(ConvolutionMode.Same)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(height, width, channels));

        String input = "input";
        if (channelsLast) {
            g.addVertex(CHANNELS_LAST, new PreprocessorVertex(new ChannelsLast()), input);
            input = CHANNELS_LAST;
        }
        String x = spec.block() == ResNetSpec.Block.BASIC ? basicBody(g, input) : bottleneckBody(g, input);
        // each later stage halves the size, rounding up as the Same mode does
        int poolHeight = height;
        int poolWidth = width;
        for (int stage = 1; stage < spec.stages().size(); stage++) {
            poolHeight = (poolHeight + 1) / 2;
            poolWidth = (poolWidth + 1) / 2;
        }
        g.addLayer(POOL_LAYER, new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG)
                .kernelSize(poolHeight, poolWidth).stride(poolHeight, poolWidth).build(), x);
        g.addLayer(OUTPUT_LAYER, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(classes).activation(Activation.SOFTMAX)
                .l2(kerasToDl4jL2(spec.stemAndHeadL2())).build(), POOL_LAYER);
        g.setOutputs(OUTPUT_LAYER);
        return g.build();
    }

    /** Input BN, the stem conv, the stages of bottleneck modules, and BN + ReLU before the pool. */
    private String bottleneckBody(ComputationGraphConfiguration.GraphBuilder g, String input) {
        g.addLayer("stem_bn", batchNorm(), input);
        g.addLayer("stem_conv", conv(spec.filters().get(0), 3, 1, spec.stemAndHeadL2()), "stem_bn");
        String x = "stem_conv";
        for (int stage = 0; stage < spec.stages().size(); stage++) {
            int k = spec.filters().get(stage + 1);
            int stride = stage == 0 ? 1 : 2;
            x = module(g, "s" + (stage + 1) + "m1", x, k, stride, true);
            for (int m = 1; m < spec.stages().get(stage); m++) {
                x = module(g, "s" + (stage + 1) + "m" + (m + 1), x, k, 1, false);
            }
        }
        g.addLayer("head_bn", batchNormRelu(), x);
        return "head_bn";
    }

    /** He et al.'s: conv -> BN -> ReLU stem, then the stages of basic blocks, each ending in ReLU. */
    private String basicBody(ComputationGraphConfiguration.GraphBuilder g, String input) {
        g.addLayer("stem_conv", conv(spec.filters().get(0), 3, 1, spec.stemAndHeadL2()), input);
        g.addLayer("stem_bn", batchNormRelu(), "stem_conv");
        String x = "stem_bn";
        int channelsIn = spec.filters().get(0);
        for (int stage = 0; stage < spec.stages().size(); stage++) {
            int k = spec.filters().get(stage + 1);
            for (int b = 0; b < spec.stages().get(stage); b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                x = basicBlock(g, "s" + (stage + 1) + "b" + (b + 1), x, channelsIn, k, stride);
                channelsIn = k;
            }
        }
        return x;
    }

    /**
     * conv 3x3 (stride) -> BN -> ReLU -> conv 3x3 -> BN, plus the shortcut (option A where the shape changes), then ReLU:
     * the add and the ReLU are one {@link ResidualAddReLU} vertex, and the second BN a {@link FoldableBatchNorm}.
     */
    private String basicBlock(ComputationGraphConfiguration.GraphBuilder g, String name, String input, int channelsIn, int k, int stride) {
        double l2 = spec.moduleL2();
        g.addLayer(name + "_conv1", conv(k, 3, stride, l2), input);
        g.addLayer(name + "_bn1", batchNormRelu(), name + "_conv1");
        g.addLayer(name + "_conv2", conv(k, 3, 1, l2), name + "_bn1");
        g.addLayer(name + "_bn2", FoldableBatchNorm.of(BN_EPS, BN_MOMENTUM), name + "_conv2");
        String shortcut = input;
        if (stride != 1 || channelsIn != k) {
            g.addVertex(name + "_shortcut", new PaddedIdentity(k, stride, channelsLast ? CNN2DFormat.NHWC : CNN2DFormat.NCHW), input);
            shortcut = name + "_shortcut";
        }
        g.addVertex(name + "_add", new ResidualAddReLU(), name + "_bn2", shortcut);
        return name + "_add";
    }

    /**
     * BN -> ReLU (act1) -> 1x1 K/4 -> BN -> ReLU -> 3x3 K/4 (stride) -> BN -> ReLU -> 1x1 K, plus the shortcut.
     * Each BN -> ReLU pair is one {@link BatchNormReLU} layer, {@code _bn1} being the reference's act1.
     */
    private String module(ComputationGraphConfiguration.GraphBuilder g, String name, String input, int k, int stride, boolean reduce) {
        double l2 = spec.moduleL2();
        g.addLayer(name + "_bn1", batchNormRelu(), input);
        g.addLayer(name + "_conv1", conv(k / 4, 1, 1, l2), name + "_bn1");
        g.addLayer(name + "_bn2", batchNormRelu(), name + "_conv1");
        g.addLayer(name + "_conv2", conv(k / 4, 3, stride, l2), name + "_bn2");
        g.addLayer(name + "_bn3", batchNormRelu(), name + "_conv2");
        g.addLayer(name + "_conv3", conv(k, 1, 1, l2), name + "_bn3");
        String shortcut = input;
        if (reduce) {
            // the reference takes the projection from act1 (BN + ReLU), not from the module's raw input
            g.addLayer(name + "_shortcut", conv(k, 1, stride, l2), name + "_bn1");
            shortcut = name + "_shortcut";
        }
        g.addVertex(name + "_add", new ResidualAdd(), name + "_conv3", shortcut);
        return name + "_add";
    }

    private static BatchNormalization batchNorm() {
        // DL4J's decay is Keras' momentum: running = decay * running + (1 - decay) * batch
        return new BatchNormalization.Builder().eps(BN_EPS).decay(BN_MOMENTUM).build();
    }

    private static BatchNormReLU batchNormRelu() {
        return BatchNormReLU.of(BN_EPS, BN_MOMENTUM);
    }

    private static LinearConvolution conv(int filters, int kernel, int stride, double kerasL2) {
        return LinearConvolution.of(filters, kernel, stride, kerasToDl4jL2(kerasL2));
    }

    /** why: Keras' l2(r) adds r * sum(w^2) to the loss, DL4J's l2(c) adds 0.5 * c * sum(w^2), so c = 2r. */
    static double kerasToDl4jL2(double kerasL2) {
        return 2 * kerasL2;
    }
}
