package io.lrlab.sweep;

import io.lrlab.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@ApiResponse(responseCode = "503")
@RestController
@RequestMapping("/api/sweeps")
@Tag(name = "Sweeps", description = "Grids of experiments, ranked")
public class SweepController {

    private final SweepService sweeps;

    SweepController(SweepService sweeps) {
        this.sweeps = sweeps;
    }

    @PostMapping
    @Operation(operationId = "submitSweep", summary = "Queue schedules x initialLrs x seeds as one sweep",
            description = "One experiment per schedule, initial rate and seed, each checked as POST /api/experiments checks one; "
                    + "medianStopping prunes runs worse than the median of the others at the same epoch.")
    @ApiResponse(responseCode = "202", description = "Queued; Location names the sweep", headers = @Header(name = "Location",
            description = "the sweep's URL", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "429")
    ResponseEntity<SweepView> create(@Valid @RequestBody SweepRequest request, @Parameter(hidden = true) Caller caller) {
        SweepView view = sweeps.create(request, caller);
        return ResponseEntity.accepted().location(URI.create("/api/sweeps/" + view.id())).body(view);
    }

    @PostMapping("/reference")
    @Operation(operationId = "submitReferenceSweep", summary = "Queue the reference experiment: none, standard, step, linear and poly at lr 0.1",
            description = "epochs (100), model (resnet-reference), trainLimit, testLimit, batchSize and seed may be overridden.")
    @ApiResponse(responseCode = "202", description = "Queued; Location names the sweep", headers = @Header(name = "Location",
            description = "the sweep's URL", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "429")
    ResponseEntity<SweepView> reference(@Valid @RequestBody(required = false) ReferenceSweepRequest request,
                                        @Parameter(hidden = true) Caller caller) {
        SweepView view = sweeps.reference(request, caller);
        return ResponseEntity.accepted().location(URI.create("/api/sweeps/" + view.id())).body(view);
    }

    @PostMapping("/he2016")
    @Operation(operationId = "submitHe2016Sweep", summary = "Queue He et al. 2016's CIFAR-10 protocol for some depths",
            description = "resnet20 to resnet110, lr 0.1 divided by 10 at 32k and 48k iterations, 64k in all, batch 128, weight "
                    + "decay 1e-4, momentum 0.9, pad-4 crop and flip, 45k training images, test error on the 10k test set; scale "
                    + "below 1 shrinks the iterations and the drops together. The sweep's 'paper' sets each depth's mean test error "
                    + "and 95% interval beside the paper's.")
    @ApiResponse(responseCode = "202", description = "Queued; Location names the sweep", headers = @Header(name = "Location",
            description = "the sweep's URL", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "429")
    ResponseEntity<SweepView> he2016(@Valid @RequestBody(required = false) He2016Request request, @Parameter(hidden = true) Caller caller) {
        SweepView view = sweeps.he2016(request, caller);
        return ResponseEntity.accepted().location(URI.create("/api/sweeps/" + view.id())).body(view);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getSweep", summary = "A sweep's experiments ranked by best validation accuracy",
            description = "With per-configuration statistics over seeds (mean, standard deviation, 95% confidence interval, "
                    + "Welch's t-test against the best) and the epochs median stopping saved.")
    @ApiResponse(responseCode = "200", description = "The sweep")
    SweepView get(@PathVariable long id) {
        return sweeps.get(id);
    }
}
