package io.lrlab.experiment;

/**
 * Told after a worker's run of an experiment ended and its status write committed: finished, or paused at a study's
 * rung. A listener must not rely on being called: the node may die between the commit and the call, so whatever it does
 * is also done by a periodic check.
 */
public interface ExperimentEndListener {

    void ended(long experimentId);
}
