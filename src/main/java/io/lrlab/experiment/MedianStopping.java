package io.lrlab.experiment;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/**
 * A sweep's median-stopping rule (Golovin et al., Google Vizier): from epoch {@code graceEpochs} on, a run whose
 * monitored metric at epoch e is worse than the median of the sweep's other runs at e ends as PRUNED.
 */
@Schema(example = """
        {"monitor": "val_acc", "graceEpochs": 5}""")
public record MedianStopping(
        @Pattern(regexp = StopMonitor.PATTERN) @Schema(description = "val_loss (default), val_acc or train_loss") String monitor,
        @Min(0) @Max(1000) @Schema(description = "epochs every run trains before it can be pruned, default 5") Integer graceEpochs) {

    StopMonitor metric() {
        return StopMonitor.of(monitor == null ? "val_loss" : monitor);
    }

    int effectiveGrace() {
        return graceEpochs == null ? 5 : graceEpochs;
    }
}
