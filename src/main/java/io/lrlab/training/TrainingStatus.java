package io.lrlab.training;

/** How a training run ended. */
public enum TrainingStatus {
    COMPLETED,
    /** The loss became NaN or infinite. */
    DIVERGED,
    CANCELLED,
    /** Stopped on request (shutdown, lease lost) after a checkpoint; it can resume. */
    INTERRUPTED,
    /** Ended by its own patience rule: the monitored metric stopped improving. Has a report and a model. */
    STOPPED_EARLY,
    /** Ended by its sweep's median rule: worse than the other runs at the same epoch. Has a report and a model. */
    PRUNED,
    /** Stopped at a rung of its study's successive halving after the epoch's checkpoint, to resume there if promoted. */
    PAUSED
}
