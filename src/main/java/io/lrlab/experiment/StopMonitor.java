package io.lrlab.experiment;

import io.lrlab.training.EpochMetrics;

/** The metric a stopping rule watches, and which way is better. */
enum StopMonitor {
    VAL_LOSS("val_loss", false), VAL_ACC("val_acc", true), TRAIN_LOSS("train_loss", false);

    static final String PATTERN = "val_loss|val_acc|train_loss";

    private final String id;
    private final boolean higherIsBetter;

    StopMonitor(String id, boolean higherIsBetter) {
        this.id = id;
        this.higherIsBetter = higherIsBetter;
    }

    static StopMonitor of(String id) {
        for (StopMonitor m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        return VAL_LOSS;
    }

    String id() {
        return id;
    }

    double of(EpochMetrics m) {
        return switch (this) {
            case VAL_LOSS -> m.valLoss();
            case VAL_ACC -> m.valAcc();
            case TRAIN_LOSS -> m.trainLoss();
        };
    }

    /** Whether {@code value} beats {@code reference} by more than {@code minDelta}. */
    boolean better(double value, double reference, double minDelta) {
        return higherIsBetter ? value > reference + minDelta : value < reference - minDelta;
    }
}
