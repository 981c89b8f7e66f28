package io.lrlab.error;

/** A valid experiment that would cost more compute than one experiment may. */
public class OverBudgetException extends RuntimeException {

    public OverBudgetException(String detail) {
        super(detail);
    }
}
