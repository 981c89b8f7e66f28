package io.lrlab.sweep;

import io.lrlab.experiment.EarlyStopping;
import io.lrlab.experiment.MedianStopping;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * A grid: every schedule x every initial rate x every seed, sharing the other fields.
 *
 * @param scheduleParams parameters per schedule type, e.g. {@code {"step": {"factor": 0.5}}}
 */
@Schema(example = """
        {"name": "lr grid", "schedules": ["step", "linear"], "initialLrs": [0.05, 0.1], "seeds": [1, 2],
         "epochs": 10, "model": "resnet-mini", "trainLimit": 5000, "testLimit": 1000}""")
record SweepRequest(
        @Size(max = 200) String name,
        @NotEmpty @Size(max = 20) List<String> schedules,
        @NotEmpty @Size(max = 20) List<Double> initialLrs,
        @Size(max = 20) List<Long> seeds,
        Integer epochs,
        Map<String, Map<String, Object>> scheduleParams,
        String model,
        @Min(1) @Max(1024) Integer batchSize,
        Double momentum,
        Double weightDecay,
        String dataset,
        @Min(0) @Max(50_000) Integer trainLimit,
        @Min(0) @Max(10_000) Integer testLimit,
        @Size(max = 20) List<String> tags,
        @Min(-100) @Max(100) Integer priority,
        @Valid EarlyStopping earlyStopping,
        @Valid MedianStopping medianStopping,
        Boolean augment,
        @Size(max = 2) @Schema(description = "float32 and/or bfloat16: each configuration trains in each (default: float32 "
                + "alone); with both, the statistics compare the precisions like any two configurations") List<String> precisions) {
}
