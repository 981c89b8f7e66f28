package io.lrlab.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Schedules beyond the reference, pinned at their turning points with values worked out by hand. */
class ExtendedSchedulesTest {

    private static LearningRateSchedule build(String type, double lr, int epochs, Map<String, ?> params) {
        return Schedules.build(type, lr, epochs, params, "scheduleParams").schedule();
    }

    @Test
    void cyclicTriangularRisesToMaxAtStepSizeAndFallsBackAtTwice() {
        LearningRateSchedule s = build("cyclic", 0.01, 10, Map.of("maxLr", 0.1, "stepSize", 100));
        assertThat(s.rate(0, 0, 100)).isCloseTo(0.01, within(1e-15));
        assertThat(s.rate(0, 50, 100)).isCloseTo(0.055, within(1e-15));
        assertThat(s.rate(1, 100, 100)).isCloseTo(0.1, within(1e-15));
        assertThat(s.rate(2, 200, 100)).isCloseTo(0.01, within(1e-15));
        assertThat(s.rate(3, 300, 100)).isCloseTo(0.1, within(1e-15));
        assertThat(s.granularity()).isEqualTo(Granularity.ITERATION);
    }

    @Test
    void cyclicTriangular2HalvesTheAmplitudeEveryCycle() {
        LearningRateSchedule s = build("cyclic", 0.01, 10, Map.of("maxLr", 0.1, "stepSize", 100, "mode", "triangular2"));
        assertThat(s.rate(1, 100, 100)).isCloseTo(0.1, within(1e-15));
        assertThat(s.rate(3, 300, 100)).isCloseTo(0.01 + 0.09 / 2, within(1e-15));
        assertThat(s.rate(5, 500, 100)).isCloseTo(0.01 + 0.09 / 4, within(1e-15));
    }

    @Test
    void cyclicExpRangeShrinksTheAmplitudeByGammaPerIteration() {
        LearningRateSchedule s = build("cyclic", 0.01, 10, Map.of("maxLr", 0.1, "stepSize", 100, "mode", "exp_range", "gamma", 0.99));
        assertThat(s.rate(1, 100, 100)).isCloseTo(0.01 + 0.09 * Math.pow(0.99, 100), within(1e-15));
        assertThat(s.rate(2, 200, 100)).isCloseTo(0.01, within(1e-15));
    }

    @Test
    void oneCyclePeaksAtPctStartAndEndsAtTheFinalRate() {
        // 10 epochs x 100 iterations: T = 1000, peak at step 0.3 * 1000 - 1 = 299; start 0.1 / 25, end 0.004 / 1e4
        LearningRateSchedule s = build("one-cycle", 0.1, 10, Map.of());
        assertThat(s.rate(0, 0, 100)).isCloseTo(0.004, within(1e-15));
        assertThat(s.rate(1, 150, 100)).isCloseTo(0.05225216681225469, within(1e-12));
        assertThat(s.rate(2, 299, 100)).isCloseTo(0.1, within(1e-15));
        assertThat(s.rate(9, 999, 100)).isCloseTo(4e-7, within(1e-15));
    }

    @Test
    void oneCycleLinearAnnealingIsAStraightLine() {
        LearningRateSchedule s = build("one-cycle", 0.1, 10, Map.of("anneal", "linear"));
        assertThat(s.rate(1, 150, 100)).isCloseTo(0.004 + 0.096 * 150 / 299, within(1e-15));
    }

    @Test
    void cosineRestartsRestartAfterT0ThenAfterTwiceAsLong() {
        LearningRateSchedule s = build("cosine-restarts", 0.1, 100, Map.of("t0", 10, "tMult", 2));
        assertThat(s.rate(0, 0, 100)).isCloseTo(0.1, within(1e-15));
        assertThat(s.rate(5, 500, 100)).isCloseTo(0.05, within(1e-15));
        assertThat(s.rate(9, 999, 100)).isCloseTo(2.467399070893439e-07, within(1e-15));
        assertThat(s.rate(10, 1000, 100)).isCloseTo(0.1, within(1e-15));
        assertThat(s.rate(20, 2000, 100)).isCloseTo(0.05, within(1e-15));
        assertThat(s.rate(30, 3000, 100)).isCloseTo(0.1, within(1e-15));
    }

    @Test
    void exponentialDecaysSmoothlyOrInStairs() {
        LearningRateSchedule smooth = build("exponential", 0.1, 100, Map.of("gamma", 0.9, "decayEpochs", 2));
        LearningRateSchedule stairs = build("exponential", 0.1, 100, Map.of("gamma", 0.9, "decayEpochs", 2, "staircase", true));
        assertThat(smooth.rateAtEpochStart(5, 10)).isCloseTo(0.07684334714209162, within(1e-15));
        assertThat(stairs.rateAtEpochStart(5, 10)).isCloseTo(0.081, within(1e-15));
    }

    @Test
    void cosineAnnealsFromInitialToMinimum() {
        LearningRateSchedule s = build("cosine", 0.1, 100, Map.of("minLr", 0.001));
        assertThat(s.rateAtEpochStart(0, 10)).isCloseTo(0.1, within(1e-15));
        assertThat(s.rateAtEpochStart(50, 10)).isCloseTo(0.0505, within(1e-15));
        assertThat(s.rateAtEpochStart(25, 10)).isCloseTo(0.0855017856687341, within(1e-15));
    }

    @Test
    void warmupRampsLinearlyThenStartsTheScheduleFromItsBeginning() {
        LearningRateSchedule s = build("cosine", 0.1, 100, Map.of("warmupEpochs", 5));
        assertThat(s.rateAtEpochStart(0, 10)).isCloseTo(0.1 / 6, within(1e-15));
        assertThat(s.rateAtEpochStart(2, 10)).isCloseTo(0.05, within(1e-15));
        assertThat(s.rateAtEpochStart(5, 10)).isCloseTo(0.1, within(1e-15));
        // the cosine now spans the remaining 95 epochs: epoch 24 is its epoch 19 = 95 / 5
        assertThat(s.rateAtEpochStart(24, 10)).isCloseTo(0.1 * (1 + Math.cos(Math.PI / 5)) / 2, within(1e-15));
    }

    @Test
    void piecewiseHoldsEachValueFromItsBoundaryOn() {
        LearningRateSchedule s = build("piecewise", 0.1, 100,
                Map.of("boundaries", List.of(30, 60), "values", List.of(0.1, 0.01, 0.001)));
        assertThat(s.rateAtEpochStart(29, 10)).isEqualTo(0.1);
        assertThat(s.rateAtEpochStart(30, 10)).isEqualTo(0.01);
        assertThat(s.rateAtEpochStart(59, 10)).isEqualTo(0.01);
        assertThat(s.rateAtEpochStart(60, 10)).isEqualTo(0.001);
    }

    @Test
    void parametersGivenAsQueryStringsAreParsedLikeJson() {
        LearningRateSchedule s = build("piecewise", 0.1, 100, Map.of("boundaries", "30,60", "values", "0.1,0.01,0.001"));
        assertThat(s.rateAtEpochStart(45, 10)).isEqualTo(0.01);
        LearningRateSchedule e = build("exponential", 0.1, 100, Map.of("gamma", "0.9", "staircase", "true", "decayEpochs", "2"));
        assertThat(e.rateAtEpochStart(5, 10)).isCloseTo(0.081, within(1e-15));
    }
}
