package io.lrlab.study;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * What a study searches: schedule families, the initial rate, warm-up epochs and any schedule's parameters. A schedule's
 * parameters are searched only in the trials that train with that schedule; the ones not named keep their defaults.
 */
@Schema(example = """
        {"schedule": ["step", "cosine", "one-cycle"], "initialLr": {"low": 0.005, "high": 0.5, "log": true},
         "scheduleParams": {"step": {"factor": {"low": 0.1, "high": 0.5}}}}""")
public record SearchSpace(
        @Size(max = 12) @Schema(description = "schedule types, see GET /api/schedules; required unless the method is pbt") List<String> schedule,
        @Valid @Schema(description = "the initial learning rate, required; a range is log-uniform unless log is false") Dimension initialLr,
        @Valid @Schema(description = "linear warm-up epochs, integers; default 0") Dimension warmupEpochs,
        @Schema(description = "per schedule, its parameters to search") Map<String, Map<String, @Valid Dimension>> scheduleParams) {
}
