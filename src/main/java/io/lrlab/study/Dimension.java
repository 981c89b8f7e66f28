package io.lrlab.study;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * One dimension of a search space: a list of values, or a range from {@code low} to {@code high}, sampled uniformly or,
 * with {@code log}, log-uniformly (the default for initialLr).
 */
@Schema(example = """
        {"low": 0.001, "high": 0.5, "log": true}""")
public record Dimension(
        @Size(max = 50) @Schema(description = "the values to choose from; instead of low and high") List<Object> values,
        @Schema(description = "the range's lower end") Double low,
        @Schema(description = "the range's upper end, above low") Double high,
        @Schema(description = "sample the range log-uniformly; default true for initialLr, false otherwise") Boolean log) {

    /** A range: low or high given, and no values (an empty list, as some generated clients send, counts as none). */
    boolean isRange() {
        return values == null || values.isEmpty() && (low != null || high != null);
    }
}
