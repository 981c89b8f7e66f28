package io.lrlab.schedule;

import io.lrlab.error.Violation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduleValidationTest {

    private static List<Violation> violations(String type, Double lr, Integer epochs, Map<String, ?> params) {
        InvalidScheduleException e = catchThrowableOfType(InvalidScheduleException.class,
                () -> Schedules.build(type, lr, epochs, params, "scheduleParams"));
        assertThat(e).as("expected a rejection").isNotNull();
        return e.violations();
    }

    private static List<String> fields(List<Violation> violations) {
        return violations.stream().map(Violation::field).toList();
    }

    @Test
    void unknownScheduleIsNamedWithTheChoices() {
        List<Violation> v = violations("warp", 0.1, 10, Map.of());
        assertThat(fields(v)).containsExactly("schedule");
        assertThat(v.get(0).message()).contains("warp").contains("cosine-restarts");
    }

    @Test
    void learningRateAndEpochsOutOfRangeAreAllReportedAtOnce() {
        assertThat(fields(violations("step", 0.0, 0, Map.of()))).containsExactlyInAnyOrder("initialLr", "epochs");
        assertThat(fields(violations("step", 10.5, 1001, Map.of()))).containsExactlyInAnyOrder("initialLr", "epochs");
        assertThat(fields(violations("step", Double.NaN, 10, Map.of()))).containsExactly("initialLr");
        assertThat(fields(violations("step", Double.POSITIVE_INFINITY, 10, Map.of()))).containsExactly("initialLr");
        assertThat(fields(violations("step", null, null, Map.of()))).containsExactlyInAnyOrder("initialLr", "epochs");
    }

    @Test
    void factorMustLieInZeroExclusiveToOneInclusive() {
        assertThat(violations("step", 0.1, 10, Map.of("factor", 0)).get(0).message()).contains("(0, 1]");
        assertThat(fields(violations("step", 0.1, 10, Map.of("factor", 1.5)))).containsExactly("scheduleParams.factor");
        assertThat(Schedules.build("step", 0.1, 10, Map.of("factor", 1), "p").params().asMap()).containsEntry("factor", 1.0);
    }

    @Test
    void nonFiniteAndNonNumericParametersAreRejected() {
        assertThat(fields(violations("poly", 0.1, 10, Map.of("power", Double.NaN)))).containsExactly("scheduleParams.power");
        assertThat(fields(violations("poly", 0.1, 10, Map.of("power", "Infinity")))).containsExactly("scheduleParams.power");
        assertThat(violations("poly", 0.1, 10, Map.of("power", "five")).get(0).message()).contains("number");
        assertThat(fields(violations("step", 0.1, 10, Map.of("dropEvery", 2.5)))).containsExactly("scheduleParams.dropEvery");
    }

    @Test
    void unknownParametersNameTheAllowedOnes() {
        List<Violation> v = violations("linear", 0.1, 10, Map.of("power", 2));
        assertThat(fields(v)).containsExactly("scheduleParams.power");
        assertThat(v.get(0).message()).contains("warmupEpochs");
    }

    @Test
    void piecewiseNeedsIncreasingBoundariesAndOneMoreValue() {
        assertThat(fields(violations("piecewise", 0.1, 100, Map.of())))
                .containsExactlyInAnyOrder("scheduleParams.boundaries", "scheduleParams.values");
        assertThat(fields(violations("piecewise", 0.1, 100, Map.of("boundaries", List.of(60, 30), "values", List.of(0.1, 0.01, 0.001)))))
                .containsExactly("scheduleParams.boundaries");
        assertThat(fields(violations("piecewise", 0.1, 100, Map.of("boundaries", List.of(30), "values", List.of(0.1)))))
                .containsExactly("scheduleParams.values");
        assertThat(fields(violations("piecewise", 0.1, 50, Map.of("boundaries", List.of(60), "values", List.of(0.1, 0.01)))))
                .containsExactly("scheduleParams.boundaries");
    }

    @Test
    void crossParameterRulesAreChecked() {
        assertThat(fields(violations("cosine", 0.1, 10, Map.of("minLr", 0.2)))).containsExactly("scheduleParams.minLr");
        assertThat(fields(violations("cyclic", 0.1, 10, Map.of("maxLr", 0.05)))).containsExactly("scheduleParams.maxLr");
        assertThat(fields(violations("none", 0.1, 10, Map.of("warmupEpochs", 10)))).containsExactly("scheduleParams.warmupEpochs");
        assertThat(fields(violations("cyclic", 0.1, 10, Map.of("mode", "sawtooth")))).containsExactly("scheduleParams.mode");
    }

    @Test
    void everyTypeBuildsWithItsCatalogueExampleDefaults() {
        for (ScheduleType type : ScheduleType.values()) {
            Map<String, Object> params = type == ScheduleType.PIECEWISE
                    ? Map.of("boundaries", List.of(30, 60, 90), "values", List.of(0.1, 0.01, 0.001, 0.0001)) : Map.of();
            LearningRateSchedule s = Schedules.build(type.id(), 0.1, 100, params, "p").schedule();
            assertThat(s.granularity()).isEqualTo(type.granularity());
            for (int e = 0; e < 100; e++) {
                double lr = s.rate(e, e * 391L + 200, 391);
                assertThat(lr).as(type.id() + " at epoch " + e).isFinite().isPositive().isLessThanOrEqualTo(0.4);
            }
        }
    }
}
