package io.lrlab.schedule;

/** When a schedule's rate may change. */
public enum Granularity {
    /** The rate changes only at epoch boundaries. */
    EPOCH,
    /** The rate may change at every batch. */
    ITERATION
}
