package io.lrlab.training;

/** What a run reports to, and asks of, whoever started it. Called on the training thread. */
public interface TrainingMonitor {

    /** An epoch finished; called before its checkpoint is written. */
    void onEpoch(EpochMetrics metrics);

    /** Checked before every batch: the run ends as CANCELLED. */
    default boolean cancelRequested() {
        return false;
    }

    /** Checked before every batch: the run checkpoints what it has and ends as INTERRUPTED. */
    default boolean stopRequested() {
        return false;
    }

    /** Called every few batches with the position inside the epoch. */
    default void onProgress(int epoch, int batch, int batches, double imagesPerSecond) {
    }

    TrainingMonitor NONE = metrics -> { };
}
