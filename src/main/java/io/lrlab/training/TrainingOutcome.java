package io.lrlab.training;

import java.nio.file.Path;

/**
 * How a run ended.
 *
 * @param report    on COMPLETED only: the final classification report on the test set
 * @param modelFile the trained network (with updater state), once at least one epoch finished
 */
public record TrainingOutcome(TrainingStatus status, int epochsCompleted, String message, ClassificationReport report, Path modelFile) {
}
