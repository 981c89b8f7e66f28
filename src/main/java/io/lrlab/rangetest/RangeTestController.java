package io.lrlab.rangetest;

import io.lrlab.chart.ChartOperation;
import io.lrlab.chart.ChartOptions;
import io.lrlab.chart.LineChartRenderer;
import io.lrlab.chart.QueryReader;
import io.lrlab.chart.Series;
import io.lrlab.error.InvalidInputException;
import io.lrlab.error.NotFoundException;
import io.lrlab.error.Violation;
import io.lrlab.security.Caller;
import io.lrlab.experiment.ExperimentAdmission;
import io.lrlab.experiment.ExperimentLifecycle;
import io.lrlab.experiment.ExperimentQueries;
import io.lrlab.experiment.ExperimentRequest;
import io.lrlab.experiment.ExperimentView;
import io.lrlab.training.RangeTest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@ApiResponse(responseCode = "503")
@RestController
@RequestMapping("/api/range-tests")
@Tag(name = "Range tests", description = "Range tests that suggest an initial learning rate")
class RangeTestController {

    private final ExperimentAdmission admission;
    private final ExperimentQueries queries;
    private final ExperimentLifecycle lifecycle;
    private final LineChartRenderer charts;

    RangeTestController(ExperimentAdmission admission, ExperimentQueries queries, ExperimentLifecycle lifecycle, LineChartRenderer charts) {
        this.admission = admission;
        this.queries = queries;
        this.lifecycle = lifecycle;
        this.charts = charts;
    }

    @PostMapping
    @Operation(operationId = "submitRangeTest", summary = "Queue a learning-rate range test", description = "Runs on the workers like an experiment: the rate grows "
            + "exponentially from minLr to maxLr over the iterations, batch by batch; the test stops early once the smoothed loss "
            + "exceeds divergeFactor times its minimum. Answers 202; GET the Location for the curve and the suggestion.")
    @ApiResponse(responseCode = "202", description = "Queued; Location names the range test",
            headers = @Header(name = "Location", description = "the range test's URL", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "429")
    ResponseEntity<RangeTestView> create(@Valid @RequestBody RangeTestRequest r, @Parameter(hidden = true) Caller caller) {
        if (r.effectiveMaxLr() <= r.effectiveMinLr()) {
            throw InvalidInputException.of("maxLr", "must be greater than minLr (" + r.effectiveMinLr() + ")");
        }
        RangeTest.Settings settings = new RangeTest.Settings(r.effectiveMinLr(), r.effectiveMaxLr(),
                r.iterations() == null ? 100 : r.iterations(), r.smoothing() == null ? 0.98 : r.smoothing(),
                r.divergeFactor() == null ? 4 : r.divergeFactor());
        ExperimentRequest base = new ExperimentRequest(r.name() == null ? "lr range test" : r.name(), "none", settings.minLr(), 1,
                null, r.model(), r.batchSize(), null, null, null, r.trainLimit(), null, r.seed(), List.of("range-test"), null, null, null, null);
        ExperimentView view = admission.submitRangeTest(base, settings, caller);
        return ResponseEntity.accepted().location(URI.create("/api/range-tests/" + view.id())).body(view(view));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getRangeTest", summary = "A range test: status, curve, suggested rate and a ready experiment body",
            description = "The curve lists rate, loss and smoothed loss per batch; suggestedLr is the rate of the steepest descent "
                    + "of the smoothed loss, minLossLrOver10 a tenth of the rate at its minimum.")
    @ApiResponse(responseCode = "200", description = "The range test")
    RangeTestView get(@PathVariable long id) {
        return view(queries.get(id));
    }

    @PostMapping("/{id}/cancel")
    @Operation(operationId = "cancelRangeTest", summary = "Cancel a queued or running range test",
            description = "A running test stops at its next batch and keeps the part of the curve it has.")
    @ApiResponse(responseCode = "200", description = "The range test, CANCELLED or (running) about to stop")
    @ApiResponse(responseCode = "409", description = "The range test has already finished")
    RangeTestView cancel(@PathVariable long id, @Parameter(hidden = true) Caller caller) {
        queries.rangeTest(id);
        return view(lifecycle.cancel(id, caller));
    }

    @GetMapping(value = "/{id}/chart.png", produces = {"image/png", "image/svg+xml"})
    @ChartOperation(epochs = false, revalidates = false)
    @Operation(operationId = "getRangeTestChart", summary = "A range test's loss and smoothed loss against the learning rate, on a log axis")
    ResponseEntity<byte[]> chart(@PathVariable long id, @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query) {
        List<Violation> violations = new ArrayList<>();
        ChartOptions options = ChartOptions.parse(new QueryReader(query, violations));
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        RangeTest.Result result = queries.rangeTest(id)
                .orElseThrow(() -> new NotFoundException("range test " + id + " has no curve yet"));
        double[] lr = result.points().stream().mapToDouble(RangeTest.Point::lr).toArray();
        List<Series> series = List.of(
                new Series("loss", lr, result.points().stream().mapToDouble(RangeTest.Point::loss).toArray()),
                new Series("smoothed loss", lr, result.points().stream().mapToDouble(RangeTest.Point::smoothedLoss).toArray()));
        byte[] image = charts.renderLogX("Learning-rate range test (suggested " + String.format(java.util.Locale.ROOT, "%.3g", result.steepestLr())
                + ")", "Learning rate (log scale)", "Loss", series, options);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(options.format().mediaType())).body(image);
    }

    private RangeTestView view(ExperimentView v) {
        var spec = v.spec();
        RangeTest.Result result = queries.rangeTest(v.id()).orElse(null);
        Map<String, Object> body = null;
        if (result != null && Double.isFinite(result.steepestLr())) {
            body = new LinkedHashMap<>();
            body.put("schedule", "step");
            body.put("initialLr", Double.parseDouble(String.format(java.util.Locale.ROOT, "%.3g", result.steepestLr())));
            body.put("epochs", 100);
            body.put("model", spec.model());
            body.put("batchSize", spec.batchSize());
            if (spec.trainLimit() > 0) {
                body.put("trainLimit", spec.trainLimit());
            }
        }
        return new RangeTestView(v.id(), v.name(), v.status(), spec.model(), spec.trainImages(), spec.batchSize(), spec.rangeTest(),
                result == null ? null : result.steepestLr(), result == null ? null : result.minLossLrOver10(),
                result == null ? null : result.stopReason(), result, body, v.error());
    }
}
