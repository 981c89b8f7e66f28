package io.lrlab.model;

import org.nd4j.linalg.learning.config.Sgd;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Parameter counts of the presets, measured once from the built networks, for the cost budget. */
@Component
public class ModelCatalog {

    private final Map<ModelPreset, Long> parameters = new ConcurrentHashMap<>();

    public long parameters(ModelPreset preset) {
        return parameters.computeIfAbsent(preset, p ->
                new ResNet(p.spec(), 32, 32, 3, 10).init(0, new Sgd(0.1)).numParams());
    }
}
