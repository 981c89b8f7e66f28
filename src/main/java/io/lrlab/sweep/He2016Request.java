package io.lrlab.sweep;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * He et al. 2016's CIFAR-10 protocol (section 4.2) for some of its depths.
 *
 * @param depths 20, 32, 44, 56 or 110 (default 20 and 56)
 * @param seeds  one run per depth and seed (default 1, 2, 3)
 * @param scale  shrinks the 64k iterations and the drops at 32k and 48k together, for machines that cannot run 64k
 *               (default 1: the paper's schedule)
 */
@Schema(example = """
        {"depths": [20, 56], "seeds": [1, 2, 3], "scale": 1.0}""")
record He2016Request(
        @Size(min = 1, max = 5) List<@NotNull Integer> depths,
        @Size(min = 1, max = 10) List<@NotNull Long> seeds,
        @Min(0) @Max(1) Double scale,
        @Min(-100) @Max(100) Integer priority) {
}
