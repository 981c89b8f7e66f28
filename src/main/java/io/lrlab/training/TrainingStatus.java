package io.lrlab.training;

/** How a training run ended. */
public enum TrainingStatus {
    COMPLETED,
    /** The loss became NaN or infinite. */
    DIVERGED,
    CANCELLED,
    /** Stopped on request (shutdown, lease lost) after a checkpoint; it can resume. */
    INTERRUPTED
}
