package io.lrlab.experiment;

import java.util.EnumSet;
import java.util.Set;

/**
 * QUEUED -> RUNNING -> COMPLETED | FAILED | DIVERGED | CANCELLED | STOPPED_EARLY | PRUNED, RUNNING -> QUEUED on lease
 * loss, QUEUED -> CANCELLED. STOPPED_EARLY: its own patience rule ended it; PRUNED: its sweep's median rule or its
 * study's pruner did. RUNNING -> PAUSED -> QUEUED | PRUNED | CANCELLED: a study's trial waiting at a rung of successive
 * halving, no worker holding it, until the study promotes it (back to the queue, resumed from its checkpoint) or ends it.
 */
public enum ExperimentStatus {
    QUEUED, RUNNING, COMPLETED, FAILED, DIVERGED, CANCELLED, STOPPED_EARLY, PRUNED, PAUSED;

    public boolean isFinished() {
        return this != QUEUED && this != RUNNING && this != PAUSED;
    }

    Set<ExperimentStatus> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(RUNNING, CANCELLED);
            case RUNNING -> EnumSet.of(COMPLETED, FAILED, DIVERGED, CANCELLED, STOPPED_EARLY, PRUNED, QUEUED, PAUSED);
            case PAUSED -> EnumSet.of(QUEUED, PRUNED, CANCELLED);
            default -> EnumSet.noneOf(ExperimentStatus.class);
        };
    }

    public boolean canMoveTo(ExperimentStatus target) {
        return next().contains(target);
    }
}
