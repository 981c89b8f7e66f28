package io.lrlab.error;

/** The caller is known but may not do this to this resource. */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String detail) {
        super(detail);
    }
}
