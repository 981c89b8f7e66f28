package io.lrlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.training.EpochMetrics;
import io.lrlab.training.TrainingStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The patience and median rules on metric histories written by hand. */
class StoppingRulesTest {

    private static EpochMetrics epoch(int e, double valLoss, double valAcc) {
        return new EpochMetrics(e, 0.1, 0.1, 1.0, 0.5, valLoss, valAcc, 1, 100);
    }

    private static List<EpochMetrics> losses(double... valLosses) {
        List<EpochMetrics> out = new ArrayList<>();
        for (int e = 0; e < valLosses.length; e++) {
            out.add(epoch(e, valLosses[e], 0.5));
        }
        return out;
    }

    @Test
    void patienceStopsOnceTheBestEpochIsPatienceEpochsBack() {
        EarlyStopping rule = new EarlyStopping("val_loss", 2, 0.01);
        assertThat(StoppingRules.patience(rule, losses(2.0, 1.8, 1.9))).isEmpty();
        var stop = StoppingRules.patience(rule, losses(2.0, 1.8, 1.9, 1.795));
        assertThat(stop).as("1.795 beats 1.8 by less than minDelta").isPresent();
        assertThat(stop.get().status()).isEqualTo(TrainingStatus.STOPPED_EARLY);
        assertThat(stop.get().reason()).contains("val_loss").contains("2 epochs").contains("after epoch 2");
        assertThat(StoppingRules.patience(rule, losses(2.0, 1.8, 1.9, 1.7))).isEmpty();
    }

    @Test
    void patienceOnAccuracyWantsItHigher() {
        EarlyStopping rule = new EarlyStopping("val_acc", 1, null);
        assertThat(StoppingRules.patience(rule, List.of(epoch(0, 9, 0.3), epoch(1, 9, 0.4)))).isEmpty();
        assertThat(StoppingRules.patience(rule, List.of(epoch(0, 9, 0.3), epoch(1, 9, 0.4), epoch(2, 0.1, 0.4)))).isPresent();
    }

    @Test
    void medianPrunesARunWorseThanTheOthersAtTheSameEpoch() {
        MedianStopping rule = new MedianStopping("val_acc", 2);
        assertThat(StoppingRules.median(rule, epoch(3, 1, 0.40), new double[] {0.5, 0.6, 0.3})).isPresent()
                .hasValueSatisfying(s -> assertThat(s.status()).isEqualTo(TrainingStatus.PRUNED));
        assertThat(StoppingRules.median(rule, epoch(3, 1, 0.55), new double[] {0.5, 0.6, 0.3})).isEmpty();
        assertThat(StoppingRules.median(rule, epoch(3, 1, 0.54), new double[] {0.5, 0.6})).as("median of two: 0.55").isPresent();
        assertThat(StoppingRules.median(rule, epoch(3, 1, 0.1), new double[0])).as("no one to compare with").isEmpty();
    }
}
