package io.lrlab.experiment;

import io.lrlab.error.ConflictException;



/** A status change the lifecycle does not allow, e.g. cancelling a finished run. */
public class IllegalTransitionException extends ConflictException {

    IllegalTransitionException(Long id, ExperimentStatus from, ExperimentStatus to) {
        super("experiment " + id + " is " + from + " and cannot become " + to);
    }

    IllegalTransitionException(String message) {
        super(message);
    }
}
