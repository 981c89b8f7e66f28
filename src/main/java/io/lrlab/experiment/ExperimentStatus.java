package io.lrlab.experiment;

import java.util.EnumSet;
import java.util.Set;

/**
 * QUEUED -> RUNNING -> COMPLETED | FAILED | DIVERGED | CANCELLED | STOPPED_EARLY | PRUNED, RUNNING -> QUEUED on lease
 * loss, QUEUED -> CANCELLED. STOPPED_EARLY: its own patience rule ended it; PRUNED: its sweep's median rule did.
 */
public enum ExperimentStatus {
    QUEUED, RUNNING, COMPLETED, FAILED, DIVERGED, CANCELLED, STOPPED_EARLY, PRUNED;

    public boolean isFinished() {
        return this != QUEUED && this != RUNNING;
    }

    Set<ExperimentStatus> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(RUNNING, CANCELLED);
            case RUNNING -> EnumSet.of(COMPLETED, FAILED, DIVERGED, CANCELLED, STOPPED_EARLY, PRUNED, QUEUED);
            default -> EnumSet.noneOf(ExperimentStatus.class);
        };
    }

    public boolean canMoveTo(ExperimentStatus target) {
        return next().contains(target);
    }
}
