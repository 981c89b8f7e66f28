package io.lrlab.study;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The schedule population-based training discovered: the best member's lineage (its own epochs, and before each exploit
 * the epochs of the member whose weights it took) as a body an experiment takes ({@code schedule}, {@code initialLr},
 * {@code scheduleParams}), with every epoch of the lineage: who trained it, at which planned rate, and the rate the
 * optimizer applied.
 *
 * @param member the best member: the highest objective at the last epoch among those that completed
 * @param value  its objective at the last epoch
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DiscoveredSchedule(long study, int member, Long experimentId, Double value, String schedule, double initialLr, int epochs,
                                 Map<String, Object> scheduleParams, List<Epoch> lineage) {

    /** @param appliedLr the rate the optimizer used in that epoch, as the member's metrics recorded it */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "LineageEpoch")
    public record Epoch(int epoch, int member, Long experimentId, double rate, Double appliedLr) {
    }
}
