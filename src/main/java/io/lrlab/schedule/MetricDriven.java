package io.lrlab.schedule;

import java.util.Map;

/**
 * A schedule whose rate depends on what training measures, not only on the step: the trainer reports every epoch's
 * validation metrics, and saves and restores the schedule's state with its checkpoints so a resumed run goes on as an
 * uninterrupted one would.
 */
public interface MetricDriven {

    /** Called after epoch {@code epoch} (0-based, in the schedule's own count) was evaluated. */
    void observe(int epoch, double valLoss, double valAcc);

    /** The state to keep in a checkpoint. */
    Map<String, String> state();

    /** Continues from a state written by {@link #state()}. */
    void restore(Map<String, String> state);
}
