package io.lrlab.error;

/** The request is valid but the resource's current state forbids it, e.g. deleting a running experiment. */
public class ConflictException extends RuntimeException {

    public ConflictException(String detail) {
        super(detail);
    }
}
