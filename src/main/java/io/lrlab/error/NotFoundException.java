package io.lrlab.error;

/** Something the request names does not exist, or has not been produced yet (a report, a model). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String detail) {
        super(detail);
    }

    /** "experiment 7 does not exist". */
    public static NotFoundException of(String what) {
        return new NotFoundException(what + " does not exist");
    }
}
