package io.lrlab.experiment;

/** The worker no longer holds the experiment (its lease expired and it was re-queued, or it was deleted). */
public class LeaseLostException extends RuntimeException {

    LeaseLostException(long id) {
        super("lost the lease on experiment " + id);
    }
}
