package io.lrlab.experiment;

import io.lrlab.error.ForbiddenException;

/** A key with the write role asked to change an experiment another key submitted. */
class NotYoursException extends ForbiddenException {

    NotYoursException(String detail) {
        super(detail);
    }
}
