package io.lrlab.study;

import io.lrlab.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@ApiResponse(responseCode = "503")
@RestController
@RequestMapping("/api/studies")
@Tag(name = "Studies", description = "Searches for the best schedule: sampled trials, pruned, confirmed over seeds")
public class StudyController {

    private final StudyService studies;
    private final PopulationSchedules schedules;

    StudyController(StudyService studies, PopulationSchedules schedules) {
        this.studies = studies;
        this.schedules = schedules;
    }

    @PostMapping
    @Operation(operationId = "submitStudy", summary = "Start a search over schedules, initial rates and schedule parameters",
            description = "Samples trials (grid, random or tpe) from the space, each an experiment in the queue, at most "
                    + "'parallelism' at once, until the budget is spent; prunes them with the median rule or asynchronous "
                    + "successive halving; then trains the best configuration again with each of 'seeds'. Every decision is "
                    + "taken in the database under the study's lock by whichever node triggers it: no node is the driver.")
    @ApiResponse(responseCode = "202", description = "Started; Location names the study", headers = @Header(name = "Location",
            description = "the study's URL", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "429")
    ResponseEntity<StudyView> create(@Valid @RequestBody StudyRequest request, @Parameter(hidden = true) Caller caller) {
        StudyView view = studies.create(request, caller);
        return ResponseEntity.accepted().location(URI.create("/api/studies/" + view.id())).body(view);
    }

    @GetMapping
    @Operation(operationId = "listStudies", summary = "The latest studies, newest first",
            description = "Each study's id, name, state (SEARCHING, CONFIRMING, COMPLETED or CANCELLED) and times; limit 1 to 500.")
    @ApiResponse(responseCode = "200", description = "The studies")
    List<StudyLine> list(@RequestParam(defaultValue = "50") @Parameter(description = "how many, 1 to 500") int limit) {
        return studies.list(limit);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getStudy", summary = "A study's trials, best configuration, budget, rungs and parameter importance",
            description = "Trials with their parameters, status, epochs, value at each rung and at the end; the best configuration "
                    + "with the mean and 95% interval of its confirmation runs; epochs trained against the same trials run to "
                    + "the end; per rung what went on and what pruning cost in hindsight; each parameter's main-effect share.")
    @ApiResponse(responseCode = "200", description = "The study")
    StudyView get(@PathVariable long id) {
        return studies.get(id);
    }

    @GetMapping("/{id}/schedule")
    @Operation(operationId = "getDiscoveredSchedule", summary = "The schedule population-based training discovered, as an experiment's body",
            description = "The best member's lineage: its own epochs, and before each exploit the epochs of the member whose weights "
                    + "it took, as a piecewise schedule (a boundary wherever the rate changes; 'none' when it never did), with every "
                    + "epoch's member, planned rate and the rate the optimizer applied.")
    @ApiResponse(responseCode = "200", description = "The discovered schedule")
    @ApiResponse(responseCode = "409", description = "Not population-based training, the population is still training, or no member "
            + "completed")
    DiscoveredSchedule schedule(@PathVariable long id) {
        return schedules.discovered(id);
    }

    @PostMapping("/{id}/replay")
    @Operation(operationId = "submitReplay", summary = "Train the discovered schedule from scratch beside a hand-made one",
            description = "Queues one sweep: the discovered schedule and the baseline (by default the best completed experiment "
                    + "trained like the members that no study queued), each with every seed (default 1, 2, 3). The sweep's "
                    + "statistics give both configurations' mean and 95% interval and Welch's p-value: was the discovered "
                    + "schedule better, or lucky?")
    @ApiResponse(responseCode = "202", description = "Queued; Location names the sweep", headers = @Header(name = "Location",
            description = "the sweep's URL", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "409", description = "Not population-based training, or the population is still training")
    @ApiResponse(responseCode = "429")
    ResponseEntity<io.lrlab.sweep.SweepView> replay(@PathVariable long id, @Valid @RequestBody(required = false) ReplayRequest request,
                                                   @Parameter(hidden = true) Caller caller) {
        io.lrlab.sweep.SweepView sweep = schedules.replay(id, request, caller);
        return ResponseEntity.accepted().location(URI.create("/api/sweeps/" + sweep.id())).body(sweep);
    }

    @PostMapping("/{id}/cancel")
    @Operation(operationId = "cancelStudy", summary = "End a study and cancel its queued and running trials",
            description = "The study becomes CANCELLED and samples nothing more; its queued, paused and running trials are "
                    + "cancelled. A study that has ended is a 409.")
    @ApiResponse(responseCode = "200", description = "Cancelled")
    StudyView cancel(@PathVariable long id, @Parameter(hidden = true) Caller caller) {
        return studies.cancel(id, caller);
    }
}
