package io.lrlab.web;

import io.lrlab.schedule.Violation;
import java.util.List;

/** Any failure a feature wants answered as a problem document; carries field errors where it has them. */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final transient List<Violation> violations;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public ProblemException(ProblemType type, String detail, List<Violation> violations) {
        super(detail);
        this.type = type;
        this.violations = List.copyOf(violations);
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new Violation(field, message)));
    }

    public static ProblemException invalid(List<Violation> violations) {
        return new ProblemException(ProblemType.INVALID_INPUT, Violation.describe(violations), violations);
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(ProblemType.NOT_FOUND, what + " does not exist");
    }

    public ProblemType type() {
        return type;
    }

    public List<Violation> violations() {
        return violations;
    }
}
