package io.lrlab.schedule;

import java.util.List;

/** A schedule specification that breaks one or more rules; each violation names its field. */
public class InvalidScheduleException extends RuntimeException {

    private final transient List<Violation> violations;

    public InvalidScheduleException(List<Violation> violations) {
        super(Violation.describe(violations));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
