package io.lrlab.sweep;

import io.lrlab.experiment.ExperimentSpec;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.lrlab.stats.Summary;

/**
 * One configuration of a sweep (schedule and initial rate) over its seeds: the completed runs' final and best
 * validation accuracy as mean, std and 95% confidence interval, and Welch's two-sided p-value of its final accuracy
 * against the configuration with the highest mean (absent for that one, and where either has fewer than two runs).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConfigurationStats(String configuration, String schedule, double initialLr, int runs, int completed,
                                 Summary finalValAcc, Summary bestValAcc, Double pValueVsBest, boolean best) {

    static String label(ExperimentSpec spec) {
        return spec.schedule() + " lr=" + spec.initialLr();
    }
}
