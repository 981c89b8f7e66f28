package io.lrlab.rangetest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lrlab.experiment.ExperimentStatus;
import io.lrlab.training.RangeTest;
import java.util.Map;

/**
 * A range test as the API shows it: its job status, its settings and, once it ran, the curve, the suggested rate and a
 * ready body for {@code POST /api/experiments} with that rate.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RangeTestView(long id, String name, ExperimentStatus status, String model, int trainImages, int batchSize,
                     RangeTest.Settings settings, Double suggestedLr, Double minLossLrOver10, String stopReason,
                     RangeTest.Result result, Map<String, Object> experimentBody, String error) {
}
