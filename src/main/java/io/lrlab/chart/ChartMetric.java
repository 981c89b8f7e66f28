package io.lrlab.chart;

import io.lrlab.training.EpochMetrics;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/** The per-epoch values a comparison chart can draw. */
enum ChartMetric {
    VAL_ACC("valAcc", "Validation accuracy", EpochMetrics::valAcc),
    VAL_LOSS("valLoss", "Validation loss", EpochMetrics::valLoss),
    TRAIN_ACC("trainAcc", "Training accuracy", EpochMetrics::trainAcc),
    TRAIN_LOSS("trainLoss", "Training loss", EpochMetrics::trainLoss),
    LR("lr", "Learning rate", EpochMetrics::actualLr);

    private final String id;
    private final String label;
    private final ToDoubleFunction<EpochMetrics> value;

    ChartMetric(String id, String label, ToDoubleFunction<EpochMetrics> value) {
        this.id = id;
        this.label = label;
        this.value = value;
    }

    String id() {
        return id;
    }

    String label() {
        return label;
    }

    double of(EpochMetrics m) {
        return value.applyAsDouble(m);
    }

    static Optional<ChartMetric> fromId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equalsIgnoreCase(id)).findFirst();
    }

    static String ids() {
        return String.join(", ", Arrays.stream(values()).map(ChartMetric::id).toList());
    }
}
