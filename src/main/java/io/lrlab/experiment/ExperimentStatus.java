package io.lrlab.experiment;

import java.util.EnumSet;
import java.util.Set;

/** QUEUED -> RUNNING -> COMPLETED | FAILED | DIVERGED | CANCELLED, RUNNING -> QUEUED on lease loss, QUEUED -> CANCELLED. */
public enum ExperimentStatus {
    QUEUED, RUNNING, COMPLETED, FAILED, DIVERGED, CANCELLED;

    public boolean isFinished() {
        return this == COMPLETED || this == FAILED || this == DIVERGED || this == CANCELLED;
    }

    Set<ExperimentStatus> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(RUNNING, CANCELLED);
            case RUNNING -> EnumSet.of(COMPLETED, FAILED, DIVERGED, CANCELLED, QUEUED);
            default -> EnumSet.noneOf(ExperimentStatus.class);
        };
    }

    public boolean canMoveTo(ExperimentStatus target) {
        return next().contains(target);
    }
}
