package io.lrlab.schedule;

/**
 * A learning-rate schedule: the rate in force for one training step.
 *
 * <p>Implementations are pure functions of their arguments, except a {@link MetricDriven} one, whose rate follows the
 * metrics the trainer reports to it. Per-epoch schedules ignore
 * {@code iteration}; per-iteration schedules use it and may use {@code epoch} too.
 */
public interface LearningRateSchedule {

    /**
     * @param epoch         0-based epoch
     * @param iteration     0-based batch iteration counted from the start of the run
     * @param itersPerEpoch batches in one epoch (at least 1)
     * @return the learning rate for that step
     */
    double rate(int epoch, long iteration, int itersPerEpoch);

    /** Whether the rate changes at epoch boundaries only or at every batch. */
    Granularity granularity();

    /** The schedule's metric-driven part, if its rate depends on measured metrics (reduce on plateau). */
    default java.util.Optional<MetricDriven> metricDriven() {
        return java.util.Optional.empty();
    }

    /** The rate in force for the first batch of {@code epoch}: the value an epoch-level chart shows. */
    default double rateAtEpochStart(int epoch, int itersPerEpoch) {
        return rate(epoch, (long) epoch * itersPerEpoch, itersPerEpoch);
    }
}
