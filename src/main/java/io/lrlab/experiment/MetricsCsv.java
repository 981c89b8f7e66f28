package io.lrlab.experiment;

import io.lrlab.training.EpochMetrics;
import java.util.List;
import java.util.Locale;

/** Epoch metrics as CSV, one header row, one row per epoch (1-based, as Keras prints it). */
final class MetricsCsv {

    static final String HEADER = "epoch,planned_lr,actual_lr,train_loss,train_acc,val_loss,val_acc,seconds,images_per_second";

    private MetricsCsv() {
    }

    static String of(List<EpochMetrics> metrics) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (EpochMetrics m : metrics) {
            out.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%s,%s,%.3f,%.1f%n", m.epoch() + 1, m.plannedLr(), m.actualLr(),
                    m.trainLoss(), m.trainAcc(), m.valLoss(), m.valAcc(), m.seconds(), m.imagesPerSecond()));
        }
        return out.toString();
    }
}
