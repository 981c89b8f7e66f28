package io.lrlab.rangetest;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/** A learning-rate range test: the model and data it trains on, and how the rate grows. */
@Schema(example = """
        {"model": "resnet-mini", "trainLimit": 5000, "batchSize": 128, "minLr": 1e-5, "maxLr": 10, "iterations": 100}""")
record RangeTestRequest(
        @Size(max = 200) String name,
        @Schema(description = "resnet-reference (default), resnet-mini or resnet-tiny") String model,
        @Min(0) @Max(50_000) @Schema(description = "train on at most this many images, balanced; 0 = all") Integer trainLimit,
        @Min(1) @Max(1024) @Schema(description = "batch size, default 128") Integer batchSize,
        @Schema(description = "seed of weights and shuffling, default 42") Long seed,
        @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1.0") @Schema(description = "first rate, default 1e-7") Double minLr,
        @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1000.0") @Schema(description = "last rate, default 10") Double maxLr,
        @Min(5) @Max(10_000) @Schema(description = "batches, default 100") Integer iterations,
        @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false) @Schema(description = "moving-average weight, default 0.98") Double smoothing,
        @DecimalMin(value = "1.0", inclusive = false) @DecimalMax("1000.0")
        @Schema(description = "stop once the smoothed loss exceeds this multiple of its minimum, default 4") Double divergeFactor) {

    double effectiveMinLr() {
        return minLr == null ? 1e-7 : minLr;
    }

    double effectiveMaxLr() {
        return maxLr == null ? 10 : maxLr;
    }
}
