package io.lrlab.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reduce on plateau as Keras' ReduceLROnPlateau, fed metric sequences by hand. */
class PlateauScheduleTest {

    private static LearningRateSchedule plateau(Map<String, Object> params) {
        return Schedules.build("plateau", 0.1, 50, params, "p").schedule();
    }

    private static void feedLoss(LearningRateSchedule s, double... losses) {
        for (int e = 0; e < losses.length; e++) {
            s.metricDriven().orElseThrow().observe(e, losses[e], 0.5);
        }
    }

    @Test
    void lowersTheRateAfterPatienceEpochsWithoutImprovement() {
        LearningRateSchedule s = plateau(Map.of("patience", 2, "factor", 0.5));
        feedLoss(s, 2.0, 1.5, 1.5);
        assertThat(s.rate(3, 0, 1)).as("one epoch without improvement").isEqualTo(0.1);
        s.metricDriven().orElseThrow().observe(3, 1.49995, 0.5);
        assertThat(s.rate(4, 0, 1)).as("an improvement below minDelta does not count").isEqualTo(0.05);
    }

    @Test
    void cooldownDelaysTheNextReductionAndMinLrBoundsIt() {
        LearningRateSchedule s = plateau(Map.of("patience", 1, "factor", 0.1, "cooldown", 2, "minLr", 0.002));
        MetricDriven d = s.metricDriven().orElseThrow();
        d.observe(0, 1.0, 0);
        d.observe(1, 1.0, 0);
        assertThat(s.rate(2, 0, 1)).isCloseTo(0.01, org.assertj.core.api.Assertions.within(1e-15));
        d.observe(2, 1.0, 0);
        assertThat(s.rate(3, 0, 1)).as("cooling down").isCloseTo(0.01, org.assertj.core.api.Assertions.within(1e-15));
        // as Keras: the cooldown counter is spent before patience is checked, so cooldown 2 keeps one epoch quiet
        d.observe(3, 1.0, 0);
        assertThat(s.rate(4, 0, 1)).as("max(0.001, minLr)").isEqualTo(0.002);
        d.observe(4, 1.0, 0);
        d.observe(5, 1.0, 0);
        assertThat(s.rate(6, 0, 1)).as("never below minLr").isEqualTo(0.002);
    }

    @Test
    void monitorsValidationAccuracyUpwards() {
        LearningRateSchedule s = plateau(Map.of("monitor", "val_acc", "patience", 1, "factor", 0.5));
        MetricDriven d = s.metricDriven().orElseThrow();
        d.observe(0, 9, 0.3);
        d.observe(1, 9, 0.4);
        assertThat(s.rate(2, 0, 1)).isEqualTo(0.1);
        d.observe(2, 0.1, 0.4);
        assertThat(s.rate(3, 0, 1)).as("loss fell, but accuracy is watched").isEqualTo(0.05);
    }

    @Test
    void aRestoredStateContinuesExactlyAndWarmUpEpochsAreNotWatched() {
        LearningRateSchedule a = plateau(Map.of("patience", 2, "factor", 0.5));
        feedLoss(a, 1.0, 1.0);
        LearningRateSchedule b = plateau(Map.of("patience", 2, "factor", 0.5));
        b.metricDriven().orElseThrow().restore(a.metricDriven().orElseThrow().state());
        a.metricDriven().orElseThrow().observe(2, 1.0, 0);
        b.metricDriven().orElseThrow().observe(2, 1.0, 0);
        assertThat(b.rate(3, 0, 1)).isEqualTo(a.rate(3, 0, 1)).isEqualTo(0.05);

        LearningRateSchedule warm = plateau(Map.of("patience", 1, "factor", 0.5, "warmupEpochs", 2));
        feedLoss(warm, 1.0, 1.0, 1.0);
        assertThat(warm.rate(3, 0, 1)).as("epoch 2 is the plateau's first: nothing to compare yet").isEqualTo(0.1);
        assertThat(ScheduleType.PLATEAU.metricDriven()).isTrue();
        assertThat(ScheduleType.STEP.metricDriven()).isFalse();
    }
}
