package io.lrlab.preview;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lrlab.schedule.Granularity;
import java.util.List;
import java.util.Map;

/** A schedule's rates before any training: one per epoch, and one per iteration when asked for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SchedulePreview(String schedule, Granularity granularity, double initialLr, int epochs, int itersPerEpoch,
                       Map<String, Object> params, String formula, List<EpochRate> rates, double[] iterationRates, String note) {

    static final String METRIC_DRIVEN = "the rate depends on the validation metrics measured during training: these are the "
            + "rates before the first reduction, which the trainer decides epoch by epoch";

    /** The rate in force during the first batch of an epoch. */
    record EpochRate(int epoch, double lr) {
    }
}
