package io.lrlab.experiment;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/**
 * Stop an experiment whose monitored metric has not improved by more than {@code minDelta} for {@code patience} epochs;
 * it ends as STOPPED_EARLY and keeps its history, report and model.
 */
@Schema(example = """
        {"monitor": "val_loss", "patience": 10, "minDelta": 0.0001}""")
public record EarlyStopping(
        @Pattern(regexp = StopMonitor.PATTERN) @Schema(description = "val_loss (default), val_acc or train_loss") String monitor,
        @Min(1) @Max(1000) @Schema(description = "epochs without improvement, default 10") Integer patience,
        @DecimalMin("0.0") @Schema(description = "smallest change that counts as an improvement, default 0") Double minDelta) {

    StopMonitor metric() {
        return StopMonitor.of(monitor == null ? "val_loss" : monitor);
    }

    int effectivePatience() {
        return patience == null ? 10 : patience;
    }

    double effectiveMinDelta() {
        return minDelta == null ? 0 : minDelta;
    }
}
