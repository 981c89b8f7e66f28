package io.lrlab.study;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * When the search stops sampling: after {@code trials} trials, or before a new trial could take the epochs trained and
 * planned past {@code epochs}, whichever comes first. Default: the grid's size for a grid, 20 trials otherwise.
 */
@Schema(example = """
        {"trials": 30, "epochs": 200}""")
public record StudyBudget(
        @Min(1) @Max(200) @Schema(description = "trials to sample, at most 200") Integer trials,
        @Min(1) @Max(1_000_000) @Schema(description = "epochs to train in all the search's trials") Integer epochs) {
}
