package io.lrlab.experiment;

import io.lrlab.web.ProblemException;
import io.lrlab.web.ProblemType;

/** A status change the lifecycle does not allow, e.g. cancelling a finished run: a 409. */
class IllegalTransitionException extends ProblemException {

    IllegalTransitionException(Long id, ExperimentStatus from, ExperimentStatus to) {
        super(ProblemType.CONFLICT, "experiment " + id + " is " + from + " and cannot become " + to);
    }

    IllegalTransitionException(String message) {
        super(ProblemType.CONFLICT, message);
    }
}
