package io.lrlab.study;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/**
 * How a study stops unpromising trials. {@code asha}: asynchronous successive halving (Li et al. 2018) with rungs at
 * minEpochs x eta^k epochs below the trials' epochs; a trial reaching a rung goes on only if its value is among the best
 * max(1, floor(n / eta)) of the n trials recorded at that rung so far. {@code median}: from graceEpochs on, a trial
 * worse than the median of the other trials at the same epoch stops.
 */
@Schema(example = """
        {"type": "asha", "minEpochs": 1, "eta": 3}""")
public record Pruner(
        @Pattern(regexp = "none|median|asha") @Schema(description = "none (default), median or asha") String type,
        @Min(1) @Max(1000) @Schema(description = "asha: epochs of the first rung, default 1") Integer minEpochs,
        @Min(2) @Max(10) @Schema(description = "asha: the reduction factor, default 3") Integer eta,
        @Min(0) @Max(1000) @Schema(description = "median: epochs every trial trains before it can be stopped, default 5") Integer graceEpochs) {

    static final Pruner NONE = new Pruner("none", null, null, null);

    String effectiveType() {
        return type == null ? "none" : type;
    }

    int effectiveMinEpochs() {
        return minEpochs == null ? 1 : minEpochs;
    }

    int effectiveEta() {
        return eta == null ? 3 : eta;
    }

    int effectiveGrace() {
        return graceEpochs == null ? 5 : graceEpochs;
    }
}
