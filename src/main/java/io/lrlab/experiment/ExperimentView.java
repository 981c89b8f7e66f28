package io.lrlab.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/** An experiment as the API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentView(long id, String name, ExperimentStatus status, ExperimentSpec spec, Long sweepId,
                             Instant createdAt, Instant startedAt, Instant finishedAt, int attempts, String worker,
                             Progress progress, Results results, String error, String submittedBy,
                             Map<String, Object> provenance, long version) {

    /**
     * @param currentEpoch 1-based epoch being trained, while RUNNING
     * @param etaSeconds   estimated seconds to completion, while RUNNING
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Progress(int epochsCompleted, int epochs, Integer currentEpoch, Integer batch, Integer batches,
                           Double imagesPerSecond, Long etaSeconds) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Results(Double bestValAcc, Integer bestEpoch, Double finalValAcc, Double finalValLoss,
                          Double finalTrainAcc, Double finalTrainLoss) {
    }
}
