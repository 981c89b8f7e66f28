package io.lrlab.experiment;

import io.lrlab.dataset.DatasetRegistry;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * What a client may set on an experiment. Status, progress and results are server-owned and cannot be sent
 * (unknown fields are rejected). Missing optional fields take the reference protocol's values.
 */
@Schema(example = """
        {"schedule": "step", "initialLr": 0.1, "epochs": 100, "scheduleParams": {"factor": 0.25, "dropEvery": 15},
         "model": "resnet-reference", "batchSize": 128, "tags": ["reference"]}""")
public record ExperimentRequest(
        @Size(max = 200) @Schema(description = "a name; defaults to '<schedule> lr=<initialLr>'") String name,
        @Schema(description = "schedule type, see GET /api/schedules", example = "step", requiredMode = Schema.RequiredMode.REQUIRED) String schedule,
        @Schema(description = "initial learning rate, (0, 10]", example = "0.1", requiredMode = Schema.RequiredMode.REQUIRED) Double initialLr,
        @Schema(description = "epochs, [1, 1000]", example = "100", requiredMode = Schema.RequiredMode.REQUIRED) Integer epochs,
        @Schema(description = "the schedule's parameters, see GET /api/schedules") Map<String, Object> scheduleParams,
        @Schema(description = "resnet-reference (default), resnet-mini or resnet-tiny", example = "resnet-mini") String model,
        @Min(1) @Max(1024) @Schema(description = "batch size, default 128") Integer batchSize,
        @DecimalMin("0.0") @DecimalMax("0.999") @Schema(description = "classic momentum, default 0.9") Double momentum,
        @DecimalMin("0.0") @DecimalMax("1.0") @Schema(description = "Keras-style L2 factor for every conv and dense layer; "
                + "default: the reference's 5e-4 (stem, dense) and 1e-4 (modules)") Double weightDecay,
        @Pattern(regexp = DatasetRegistry.NAME) @Schema(description = "the data set's name (GET /api/datasets), default cifar10") String dataset,
        @Min(0) @Max(50_000) @Schema(description = "train on at most this many images, balanced over classes; 0 = all") Integer trainLimit,
        @Min(0) @Max(10_000) @Schema(description = "evaluate on at most this many test images, balanced; 0 = all") Integer testLimit,
        @Schema(description = "seed of weights and shuffling, default 42") Long seed,
        @Size(max = 20) List<@Pattern(regexp = TAG_PATTERN) String> tags,
        @Min(-100) @Max(100) @Schema(description = "higher runs first, default 0") Integer priority,
        @Valid @Schema(description = "stop when the monitored metric stops improving; off by default") EarlyStopping earlyStopping,
        @Schema(description = "pad-4 random-crop and horizontal-flip augmentation of the training images; off by default, "
                + "as in the reference protocol") Boolean augment,
        @Schema(description = "float32 (default), or bfloat16: the convolutions' products in bfloat16, sums, weights, "
                + "updates, batch-norm statistics and the loss in float32; only workers whose CPU has AVX512_BF16 or AMX "
                + "claim it (GET /api/workers says which)", example = "float32") String precision) {

    /** What a tag may hold. */
    static final String TAG_PATTERN = "[A-Za-z0-9._-]{1,50}";

}
