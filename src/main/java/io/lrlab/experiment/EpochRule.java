package io.lrlab.experiment;

import io.lrlab.training.EpochMetrics;
import io.lrlab.training.TrainingMonitor.EarlyStop;
import java.util.Optional;

/**
 * A stopping rule another feature adds (a study's pruner): asked after each finished epoch, once the experiment's own
 * rules let it go on. Must give the same answer when asked again for an epoch it already decided, because a resumed
 * run asks again.
 */
public interface EpochRule {

    Optional<EarlyStop> decide(long experimentId, ExperimentSpec spec, EpochMetrics last);
}
