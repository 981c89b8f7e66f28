package io.lrlab.study;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * Trains a population-based training study's discovered schedule from scratch with each seed, beside a hand-made
 * schedule with the same seeds, as one sweep.
 *
 * @param baseline the schedule to compare with; by default the best completed experiment trained like the members that
 *                 no study queued
 */
@Schema(example = """
        {"seeds": [1, 2, 3], "baseline": {"schedule": "step", "initialLr": 0.1}}""")
record ReplayRequest(@Size(min = 2, max = 10) @Schema(description = "default 1, 2, 3") List<Long> seeds, @Valid Baseline baseline) {

    @Schema(name = "ReplayBaseline")
    record Baseline(String schedule, Double initialLr, Map<String, Object> scheduleParams) {
    }
}
