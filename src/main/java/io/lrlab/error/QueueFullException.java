package io.lrlab.error;

/** The queue holds as many experiments as it may; the caller should wait or cancel some. */
public class QueueFullException extends RuntimeException {

    public QueueFullException(String detail) {
        super(detail);
    }
}
