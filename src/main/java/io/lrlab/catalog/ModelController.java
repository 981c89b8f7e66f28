package io.lrlab.catalog;

import io.lrlab.dataset.DatasetRegistry;
import io.lrlab.dataset.DatasetView;
import io.lrlab.model.InputShape;
import io.lrlab.model.ModelCatalog;
import io.lrlab.model.ModelFigures;
import io.lrlab.model.ModelPreset;
import io.lrlab.model.ResNetSpec;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@ApiResponse(responseCode = "503")
@RestController
@RequestMapping("/api/models")
@Tag(name = "Models", description = "The networks lrlab trains, sized for a data set")
public class ModelController {

    private final ModelCatalog catalog;
    private final DatasetRegistry datasets;

    ModelController(ModelCatalog catalog, DatasetRegistry datasets) {
        this.catalog = catalog;
        this.datasets = datasets;
    }

    @GetMapping
    @Operation(operationId = "listModels", summary = "Every network preset with its size for a data set",
            description = "Trainable parameters and forward FLOPs at the data set's image shape and class count, and the cost "
                    + "per training image and epoch that admission weighs against lrlab.queue.max-cost.")
    @ApiResponse(responseCode = "200", description = "The presets")
    @ApiResponse(responseCode = "404")
    List<ModelView> list(@Parameter(description = "the data set to size them for (default cifar10)")
                         @RequestParam(defaultValue = "cifar10") String dataset) {
        DatasetView data = datasets.view(dataset);
        InputShape shape = new InputShape(data.shape().height(), data.shape().width(), data.shape().channels(), data.classes().size());
        return Arrays.stream(ModelPreset.values()).map(preset -> {
            ModelFigures figures = catalog.figures(preset, shape);
            ResNetSpec spec = preset.spec();
            boolean basic = spec.block() == ResNetSpec.Block.BASIC;
            int perUnit = basic ? 2 : 3;
            int depth = 2 + perUnit * spec.stages().stream().mapToInt(Integer::intValue).sum();
            return new ModelView(preset.id(), basic ? "basic" : "pre-activation-bottleneck", describe(preset), depth,
                    figures.parameters(), figures.forwardFlops(), figures.parameters() / 1e9, dataset);
        }).toList();
    }

    private static String describe(ModelPreset preset) {
        return switch (preset) {
            case RESNET_REFERENCE -> "the reference experiment's network: stages (9, 9, 9), filters (64, 64, 128, 256)";
            case RESNET_MINI -> "the reference's design at one module per stage, for quick runs";
            case RESNET_TINY -> "a few thousand parameters, for tests and smoke runs";
            default -> "He et al. 2016, section 4.2: 3 stages of basic blocks, 16/32/64 filters, option A shortcuts";
        };
    }
}
