package io.lrlab.study;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A search for the best schedule: the space, how to sample it and prune it, the budget, and the training settings every
 * trial shares (as an experiment takes them). Every trial trains for {@code epochs}; its schedule is planned for them.
 */
@Schema(example = """
        {"name": "which schedule", "space": {"schedule": ["step", "linear", "cosine"],
         "initialLr": {"low": 0.01, "high": 0.5, "log": true}},
         "epochs": 9, "sampler": "tpe", "seed": 1, "pruner": {"type": "asha", "minEpochs": 1, "eta": 3},
         "budget": {"trials": 20}, "parallelism": 2, "seeds": [1, 2, 3],
         "model": "resnet-mini", "trainLimit": 2000, "testLimit": 500}""")
record StudyRequest(
        @Size(max = 200) String name,
        @NotNull @Valid SearchSpace space,
        @NotNull @Min(1) @Max(1000) @Schema(description = "epochs of every trial, the schedules' horizon") Integer epochs,
        @Pattern(regexp = "grid|random|tpe") @Schema(description = "grid, random or tpe (default)") String sampler,
        @Schema(description = "seed of the sampler and of every trial's weights, default 42") Long seed,
        @Valid Pruner pruner,
        @Valid StudyBudget budget,
        @Min(1) @Max(20) @Schema(description = "trials queued or running at once, default 2") Integer parallelism,
        @Pattern(regexp = "val_acc|val_loss") @Schema(description = "what the search optimises: val_acc (default, the higher the "
                + "better) or val_loss") String objective,
        @Size(max = 10) @Schema(description = "seeds the best configuration is trained again with once the search ends") List<Long> seeds,
        String model,
        @Min(1) @Max(1024) Integer batchSize,
        @DecimalMin("0.0") @DecimalMax("0.999") Double momentum,
        @DecimalMin("0.0") @DecimalMax("1.0") Double weightDecay,
        String dataset,
        @Min(0) @Max(50_000) Integer trainLimit,
        @Min(0) @Max(10_000) Integer testLimit,
        Boolean augment,
        @Size(max = 19) List<String> tags,
        @Min(-100) @Max(100) Integer priority,
        @Schema(description = "float32 (default) or bfloat16, for every trial") String precision,
        @Pattern(regexp = "search|pbt") @Schema(description = "search (default): sampled trials, pruned; pbt: population-based "
                + "training of the initial rate, a piecewise-constant schedule exported at the end") String method,
        @Valid @Schema(description = "pbt: the population") Population population) {

    static final String PBT = "pbt";

    boolean pbt() {
        return PBT.equals(method);
    }

    Population effectivePopulation() {
        return population == null ? Population.DEFAULT : population;
    }

    /** This request with its precision stated, so that every trial, whichever node queues it, trains alike. */
    StudyRequest withPrecision(String stated) {
        return new StudyRequest(name, space, epochs, sampler, seed, pruner, budget, parallelism, objective, seeds, model, batchSize,
                momentum, weightDecay, dataset, trainLimit, testLimit, augment, tags, priority, stated, method, population);
    }
}
