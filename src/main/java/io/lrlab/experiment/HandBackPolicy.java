package io.lrlab.experiment;

import java.time.Duration;

/**
 * How an experiment comes back to the queue: the wait before any worker claims it again (retryBackoff, doubled with
 * each attempt in a row that made no progress, capped at retryBackoffMax), and how many such attempts end it FAILED.
 */
public record HandBackPolicy(int maxAttempts, Duration retryBackoff, Duration retryBackoffMax) {

    /** The wait after the {@code stalled}-th attempt in a row without progress. */
    public Duration backoff(int stalled) {
        int doublings = Math.max(0, Math.min(stalled - 1, 30));
        Duration wait = retryBackoff.multipliedBy(1L << doublings);
        return wait.compareTo(retryBackoffMax) > 0 ? retryBackoffMax : wait;
    }
}
