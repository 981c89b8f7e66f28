package io.lrlab.study;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Population-based training (Jaderberg et al. 2017): {@code size} members train together, each with a constant rate
 * drawn from the space's initialLr; every {@code interval} epochs the population waits for all its members, and each
 * member in the bottom {@code quantile} copies the weights and optimizer state of one in the top quantile (exploit)
 * and trains on with that member's rate times 0.8 or 1.2, or, with {@code resampleProbability}, a rate drawn anew
 * from the space (explore).
 */
@Schema(example = """
        {"size": 4, "interval": 2, "quantile": 0.25, "resampleProbability": 0.25}""")
public record Population(
        @Min(2) @Max(50) @Schema(description = "members, trained at once; default 4") Integer size,
        @Min(1) @Max(1000) @Schema(description = "epochs between exploits, below the study's epochs; default 1") Integer interval,
        @DecimalMin("0.01") @DecimalMax("0.5") @Schema(description = "the bottom and top fraction, default 0.25 (at least one member "
                + "each)") Double quantile,
        @DecimalMin("0.0") @DecimalMax("1.0") @Schema(description = "chance that an exploiting member draws its rate anew instead "
                + "of perturbing its donor's, default 0.25") Double resampleProbability) {

    static final Population DEFAULT = new Population(null, null, null, null);
    static final double[] FACTORS = {0.8, 1.2};

    int effectiveSize() {
        return size == null ? 4 : size;
    }

    int effectiveInterval() {
        return interval == null ? 1 : interval;
    }

    double effectiveQuantile() {
        return quantile == null ? 0.25 : quantile;
    }

    double effectiveResample() {
        return resampleProbability == null ? 0.25 : resampleProbability;
    }

    /** Members in the bottom (and in the top) quantile of {@code n}: at least one, at most half. */
    static int tail(int n, double quantile) {
        return Math.max(1, Math.min(n / 2, (int) Math.floor(n * quantile)));
    }
}
