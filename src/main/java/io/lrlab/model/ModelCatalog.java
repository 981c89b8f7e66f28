package io.lrlab.model;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.learning.config.Sgd;
import org.springframework.stereotype.Component;

/**
 * The presets' sizes, computed once per input shape from the built networks: trainable parameters and forward FLOPs,
 * and the cost admission weighs an experiment by.
 */
@Component
public class ModelCatalog {

    /** Batch norm's running mean and variance: parameters to DL4J, statistics to everyone else. */
    private static final Set<String> STATISTICS = Set.of(BatchNormalizationParamInitializer.GLOBAL_MEAN,
            BatchNormalizationParamInitializer.GLOBAL_VAR, BatchNormalizationParamInitializer.GLOBAL_LOG_STD);

    private final Map<Key, ModelFigures> figures = new ConcurrentHashMap<>();

    private record Key(ModelPreset preset, InputShape shape) {
    }

    public ModelFigures figures(ModelPreset preset, InputShape shape) {
        return figures.computeIfAbsent(new Key(preset, shape), k -> measure(k.preset(), k.shape()));
    }

    /** Trainable parameters at CIFAR-10's shape. */
    public long parameters(ModelPreset preset) {
        return figures(preset, InputShape.CIFAR10).parameters();
    }

    /**
     * The units admission counts against {@code lrlab.queue.max-cost}: epochs x training images x trainable parameters
     * / 1e9, a stand-in for the work of a run that does not depend on the machine.
     */
    public double cost(ModelPreset preset, InputShape shape, int epochs, long trainImages) {
        return (double) epochs * trainImages * figures(preset, shape).parameters() / 1e9;
    }

    private static ModelFigures measure(ModelPreset preset, InputShape shape) {
        ResNet resnet = new ResNet(preset.spec(), shape.height(), shape.width(), shape.channels(), shape.classes()).channelsFirst();
        ComputationGraphConfiguration conf = resnet.conf(0, new Sgd(0.1));
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        long parameters = 0;
        for (var layer : net.getLayers()) {
            for (var param : layer.paramTable(false).entrySet()) {
                if (!(layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization) || !STATISTICS.contains(param.getKey())) {
                    parameters += param.getValue().length();
                }
            }
        }
        return new ModelFigures(parameters, forwardFlops(conf, shape));
    }

    private static long forwardFlops(ComputationGraphConfiguration conf, InputShape shape) {
        Map<String, InputType> outputs = conf.getLayerActivationTypes(InputType.convolutional(shape.height(), shape.width(), shape.channels()));
        long multiplyAdds = 0;
        for (Map.Entry<String, GraphVertex> vertex : conf.getVertices().entrySet()) {
            if (!(vertex.getValue() instanceof LayerVertex layerVertex)) {
                continue;
            }
            var layer = layerVertex.getLayerConf().getLayer();
            if (layer instanceof ConvolutionLayer conv && outputs.get(vertex.getKey()) instanceof InputType.InputTypeConvolutional out) {
                multiplyAdds += conv.getKernelSize()[0] * conv.getKernelSize()[1] * conv.getNIn() * conv.getNOut()
                        * out.getHeight() * out.getWidth();
            } else if (layer instanceof DenseLayer || layer instanceof BaseOutputLayer) {
                FeedForwardLayer dense = (FeedForwardLayer) layer;
                multiplyAdds += dense.getNIn() * dense.getNOut();
            }
        }
        return 2 * multiplyAdds;
    }
}
