package io.lrlab.error;

import java.util.List;

/** Input that breaks one or more rules; each violation names its field. */
public class InvalidInputException extends RuntimeException {

    private final transient List<Violation> violations;

    public InvalidInputException(List<Violation> violations) {
        super(Violation.describe(violations));
        this.violations = List.copyOf(violations);
    }

    public static InvalidInputException of(String field, String message) {
        return new InvalidInputException(List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
