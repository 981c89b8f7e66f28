package io.lrlab.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The five schedules of the reference experiment (lr 0.1, 100 epochs, 391 iterations per epoch). */
class ReferenceSchedulesTest {

    private static final int N = 391;

    private static LearningRateSchedule build(String type) {
        return Schedules.build(type, 0.1, 100, Map.of(), "scheduleParams").schedule();
    }

    @ParameterizedTest(name = "epoch {0}: none {1}, step {2}, linear {3}, poly {4}")
    @CsvSource({
            // epoch, none, step = 0.1 * 0.25^floor((1+e)/15), linear = 0.1 * (1 - e/100), poly = 0.1 * (1 - e/100)^5
            "0,  0.1, 0.1,            0.1,   0.1",
            "13, 0.1, 0.1,            0.087, 0.04984209207",
            "14, 0.1, 0.025,          0.086, 0.04704270176",
            "15, 0.1, 0.025,          0.085, 0.04437053125",
            "29, 0.1, 0.00625,        0.071, 0.01804229351",
            "99, 0.1, 0.0000244140625, 0.001, 0.00000000001"})
    void referenceSchedulesMatchTheirFormulasAtTheCheckedEpochs(int epoch, double none, double step, double linear, double poly) {
        assertThat(build("none").rateAtEpochStart(epoch, N)).isCloseTo(none, within(1e-15));
        assertThat(build("step").rateAtEpochStart(epoch, N)).isCloseTo(step, within(1e-15));
        assertThat(build("linear").rateAtEpochStart(epoch, N)).isCloseTo(linear, within(1e-15));
        assertThat(build("poly").rateAtEpochStart(epoch, N)).isCloseTo(poly, within(1e-14));
    }

    @Test
    void stepScheduleDropsAfterFourteenEpochs() {
        LearningRateSchedule step = build("step");
        assertThat(step.rateAtEpochStart(13, N)).isEqualTo(0.1);
        assertThat(step.rateAtEpochStart(14, N)).isEqualTo(0.025);
    }

    @ParameterizedTest(name = "iteration {0}: {1}")
    @CsvSource({
            // 0.1 / (1 + 0.001 * i), decay = 0.1 / 100
            "0,     0.1",
            "390,   0.07194244604316546",
            "391,   0.07189072609633358",
            "39099, 0.002493827776253772"})
    void standardDecayIsKerasTimeBasedDecayPerBatch(long iteration, double expected) {
        LearningRateSchedule standard = build("standard");
        assertThat(standard.rate((int) (iteration / N), iteration, N)).isCloseTo(expected, within(1e-15));
    }

    @Test
    void standardDecayDefaultsToInitialRateOverEpochs() {
        assertThat(Schedules.build("standard", 0.1, 100, Map.of(), "p").params().asMap()).containsEntry("decay", 0.001);
    }

    @Test
    void perEpochSchedulesHoldTheirRateWithinAnEpoch() {
        for (String type : new String[] {"none", "step", "linear", "poly"}) {
            LearningRateSchedule s = build(type);
            assertThat(s.granularity()).isEqualTo(Granularity.EPOCH);
            assertThat(s.rate(14, 14L * N + 390, N)).isEqualTo(s.rate(14, 14L * N, N));
        }
        assertThat(build("standard").granularity()).isEqualTo(Granularity.ITERATION);
    }

    @Test
    void linearAndPolyDecayTowardsZeroNeverBelow() {
        assertThat(build("linear").rateAtEpochStart(99, N)).isPositive();
        assertThat(build("poly").rateAtEpochStart(99, N)).isPositive();
    }
}
