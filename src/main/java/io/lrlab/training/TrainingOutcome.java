package io.lrlab.training;

/**
 * How a run ended. Its last checkpoint, in the run's {@link CheckpointStore}, holds the network it trained.
 *
 * @param report on COMPLETED, STOPPED_EARLY and PRUNED: the final classification report on the test set
 */
public record TrainingOutcome(TrainingStatus status, int epochsCompleted, String message, ClassificationReport report) {
}
