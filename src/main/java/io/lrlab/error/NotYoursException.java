package io.lrlab.error;


/** A key with the write role asked to change an experiment another key submitted. */
public class NotYoursException extends ForbiddenException {

    public NotYoursException(String detail) {
        super(detail);
    }
}
