package io.lrlab.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import io.lrlab.experiment.ExperimentStatus;
import io.lrlab.experiment.ExperimentView;
import java.time.Instant;
import java.util.List;

/**
 * A sweep with its experiments ranked by best validation accuracy (unfinished ones last), and its configurations over
 * their seeds ranked by mean final validation accuracy, each with its p-value against the best.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepView(long id, String name, Instant createdAt, int size, List<ExperimentView> ranking,
                        List<ConfigurationStats> configurations, Budget budget,
                        @Schema(description = "a he2016 sweep: each depth's test error beside He et al.'s")
                        List<He2016Protocol.PaperComparison> paper) {

    /**
     * Epochs the sweep asked for, trained, and saved by early stopping and pruning.
     *
     * @param stoppedEarly runs ended by their patience rule
     * @param pruned       runs ended by the sweep's median rule
     */
    public record Budget(long plannedEpochs, long trainedEpochs, long savedEpochs, int stoppedEarly, int pruned) {

        static Budget of(List<ExperimentView> runs) {
            long planned = runs.stream().mapToLong(v -> v.spec().epochs()).sum();
            long trained = runs.stream().mapToLong(v -> v.progress().epochsCompleted()).sum();
            long saved = runs.stream().filter(v -> v.status() == ExperimentStatus.STOPPED_EARLY || v.status() == ExperimentStatus.PRUNED)
                    .mapToLong(v -> v.spec().epochs() - v.progress().epochsCompleted()).sum();
            int stopped = (int) runs.stream().filter(v -> v.status() == ExperimentStatus.STOPPED_EARLY).count();
            int pruned = (int) runs.stream().filter(v -> v.status() == ExperimentStatus.PRUNED).count();
            return new Budget(planned, trained, saved, stopped, pruned);
        }
    }
}
