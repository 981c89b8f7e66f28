package io.lrlab.schedule;

import io.lrlab.error.InvalidInputException;
import io.lrlab.error.Violation;
import java.util.List;

/** A schedule specification that breaks one or more rules; each violation names its field. */
public class InvalidScheduleException extends InvalidInputException {

    public InvalidScheduleException(List<Violation> violations) {
        super(violations);
    }
}
