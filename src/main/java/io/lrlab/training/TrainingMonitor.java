package io.lrlab.training;

/** What a run reports to, and asks of, whoever started it. Called on the training thread. */
public interface TrainingMonitor {

    /** An epoch finished; its metrics and its checkpoint are committed to the run's {@link CheckpointStore} by now. */
    void onEpoch(EpochMetrics metrics);

    /** Checked before every batch: the run ends as CANCELLED. */
    default boolean cancelRequested() {
        return false;
    }

    /** Checked before every batch: the run checkpoints where it is, mid-epoch too, and ends as INTERRUPTED. */
    default boolean stopRequested() {
        return false;
    }

    /**
     * Checked before every batch: the run ends as INTERRUPTED at once and writes nothing, e.g. because another
     * worker now owns the experiment and its files.
     */
    default boolean abortRequested() {
        return false;
    }

    /**
     * Asked after every epoch, once its checkpoint is written: a reason to end the run here (STOPPED_EARLY or PRUNED),
     * or empty to go on.
     */
    default java.util.Optional<EarlyStop> afterEpoch(EpochMetrics metrics) {
        return java.util.Optional.empty();
    }

    /**
     * Asked once when a run resumes at the start of epoch {@code epochsCompleted}: the answer {@link #afterEpoch} would
     * have given for the epoch before, which a run that died right after that epoch's checkpoint never acted on.
     */
    default java.util.Optional<EarlyStop> onResume(int epochsCompleted) {
        return java.util.Optional.empty();
    }

    /** Why a run ends before its last epoch, keeping what it trained. */
    record EarlyStop(TrainingStatus status, String reason) {
    }

    /** Called every few batches with the position inside the epoch. */
    default void onProgress(int epoch, int batch, int batches, double imagesPerSecond) {
    }

    /** Where an epoch's time went, once its training part and its evaluation are done; for benchmarks and metrics. */
    default void onTimings(EpochTimings timings) {
    }

    TrainingMonitor NONE = metrics -> { };
}
