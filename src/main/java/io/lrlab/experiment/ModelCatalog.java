package io.lrlab.experiment;

import io.lrlab.model.ModelPreset;
import io.lrlab.model.ResNet;
import io.lrlab.training.ClassicMomentum;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Parameter counts of the presets, measured once from the built networks, for the cost budget. */
@Component
class ModelCatalog {

    private final Map<ModelPreset, Long> parameters = new ConcurrentHashMap<>();

    long parameters(ModelPreset preset) {
        return parameters.computeIfAbsent(preset, p ->
                new ResNet(p.spec(), 32, 32, 3, 10).init(0, new ClassicMomentum()).numParams());
    }
}
