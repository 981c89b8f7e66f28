package io.lrlab.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * One page of a listing. {@code totalElements} is exact while {@code totalExact}; a listing that counts no further than
 * a cap (1,000 experiments) reports the cap and {@code totalExact} false.
 */
public record PageView<T>(List<T> content, int page, int size, long totalElements, int totalPages,
                          @Schema(description = "false when totalElements is a cap, not a count") boolean totalExact) {
}
