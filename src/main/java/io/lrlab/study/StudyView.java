package io.lrlab.study;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lrlab.stats.Summary;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A study: its trials, the best configuration (with its confirmation runs' mean and interval), the budget it used,
 * what successive halving decided at each rung and what that cost, and which parameters mattered.
 *
 * @param state      SEARCHING, CONFIRMING (the best configuration trains again with the confirmation seeds),
 *                   COMPLETED or CANCELLED
 * @param rungEpochs successive halving's rungs, in epochs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StudyView(long id, String name, String state, Instant createdAt, Instant finishedAt, String sampler, String objective,
                 Pruner pruner, List<Integer> rungEpochs, Best best, Budget budget, List<Trial> trials, List<Rung> rungs,
                 @Schema(description = "each parameter's permutation importance in a random forest fitted to the completed "
                         + "search trials (100 regression trees on bootstrap samples; how much the out-of-bag error grows "
                         + "when the parameter's values are shuffled among the trials that have it; interactions count), as "
                         + "shares that sum to 1 (all 0 when no shuffle hurts); absent below 8 completed trials")
                 List<Importance> importance,
                 @Schema(description = "search or pbt") String method,
                 @Schema(description = "pbt: the population's settings, defaults filled in") Population population,
                 @Schema(description = "pbt: every generation's decision per member, in order") List<Exploit> exploits) {

    /**
     * A member's part in one generation of population-based training.
     *
     * @param epochs the generation's boundary: epochs trained when it was decided
     * @param value  the objective the member had there
     * @param donor  the member whose weights and optimizer state it took (absent: it kept its own)
     * @param lr     the rate it trains with from the boundary on
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "StudyExploit")
    public record Exploit(int generation, int epochs, int member, Double value, Integer donor, double lr) {
    }

    /**
     * @param kind     search, or confirm: the best configuration trained again with a confirmation seed
     * @param rungs    rungs of successive halving it passed
     * @param atRungs  the objective recorded at each rung it reached
     * @param value    the objective at its last epoch
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "StudyTrial")
    public record Trial(int number, String kind, Long experimentId, Map<String, Object> params, String status, Integer epochsCompleted,
                 Integer rungs, List<Double> atRungs, Double value) {
    }

    /**
     * @param confirmation the objective's mean and 95% interval over the confirmation runs that completed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "StudyBest")
    public record Best(int number, Map<String, Object> params, double value, Summary confirmation, List<Long> confirmationExperiments) {
    }

    /**
     * @param fullEpochs  what the sampled trials would have cost trained to their last epoch
     * @param gridEpochs  what the whole grid of the space's values would cost, when every dimension is a list of values
     * @param savedEpochs epochs pruning saved
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "StudyBudgetUsed")
    public record Budget(int trials, int trialBudget, Long epochBudget, long epochsTrained, long fullEpochs, Long gridEpochs,
                  long savedEpochs, int pruned) {
    }

    /**
     * What a rung decided and, in hindsight, what it cost: among the completed trials, how many were below the rung's
     * cut of every value recorded there (a trial like them arriving later would have been pruned) and how many of those
     * still ended in the top quarter of the completed trials' final values.
     *
     * @param rankCorrelation Spearman's correlation of the completed trials' values at the rung and at their end
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "StudyRung")
    public record Rung(int rung, int epochs, int reached, int promoted, int completed, int belowCutInHindsight, int ofThoseEndedTop,
                Double rankCorrelation) {
    }

    @Schema(name = "ParameterImportance")
    public record Importance(String parameter, double share) {
    }
}
