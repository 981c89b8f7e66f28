package io.lrlab.study;

/** What a study optimises, read from an epoch's metrics; a score is the value turned so that higher is better. */
enum Objective {
    VAL_ACC("val_acc", true), VAL_LOSS("val_loss", false);

    private final String id;
    private final boolean higherIsBetter;

    Objective(String id, boolean higherIsBetter) {
        this.id = id;
        this.higherIsBetter = higherIsBetter;
    }

    static Objective of(String id) {
        return "val_loss".equals(id) ? VAL_LOSS : VAL_ACC;
    }

    String id() {
        return id;
    }

    double value(double valAcc, double valLoss) {
        return this == VAL_ACC ? valAcc : valLoss;
    }

    /** The value turned so that higher is better; a value that is not a number (a diverged epoch) is the worst. */
    double score(double value) {
        if (Double.isNaN(value)) {
            return Double.NEGATIVE_INFINITY;
        }
        return higherIsBetter ? value : -value;
    }
}
