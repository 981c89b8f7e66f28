package io.lrlab.experiment;

import io.lrlab.security.Caller;
import io.lrlab.web.PageView;
import io.lrlab.training.ClassificationReport;
import io.lrlab.training.EpochMetrics;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

@ApiResponse(responseCode = "503")
@RestController
@RequestMapping("/api/experiments")
@Tag(name = "Experiments", description = "Queue training runs and read their results")
class ExperimentController {

    private final ExperimentAdmission admission;
    private final ExperimentQueries experiments;
    private final ExperimentLifecycle lifecycle;
    private final ExperimentEvents events;

    ExperimentController(ExperimentAdmission admission, ExperimentQueries experiments, ExperimentLifecycle lifecycle,
                         ExperimentEvents events) {
        this.admission = admission;
        this.experiments = experiments;
        this.lifecycle = lifecycle;
        this.events = events;
    }

    @PostMapping
    @Operation(operationId = "submitExperiment", summary = "Queue an experiment",
            description = "Answers 202 with the QUEUED experiment and its Location.")
    @ApiResponse(responseCode = "202", description = "Queued",
            headers = @Header(name = "Location", description = "the new experiment's URL", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "429")
    ResponseEntity<ExperimentView> submit(@Valid @RequestBody ExperimentRequest request, @Parameter(hidden = true) Caller caller) {
        ExperimentView view = admission.submit(request, caller);
        return ResponseEntity.accepted().location(URI.create("/api/experiments/" + view.id())).body(view);
    }

    @GetMapping
    @Operation(operationId = "listExperiments", summary = "List experiments",
            description = "Filter by status, schedule, tag, sweep and name (substring); page and sort "
            + "(id, createdAt, name, status, schedule, bestValAcc, finalValAcc, priority; ',asc' or ',desc').")
    @ApiResponse(responseCode = "200", description = "One page of experiments")
    PageView<ExperimentView> list(@RequestParam(required = false) ExperimentStatus status,
                                  @RequestParam(required = false) String schedule,
                                  @RequestParam(required = false) String tag,
                                  @RequestParam(required = false) String name,
                                  @Parameter(description = "the sweep's id") @RequestParam(required = false) Long sweep,
                                  @RequestParam(defaultValue = "0") int page,
                                  @RequestParam(defaultValue = "20") int size,
                                  @Parameter(example = "bestValAcc,desc") @RequestParam(required = false) String sort) {
        return experiments.list(new ExperimentQueries.Filter(status, schedule, tag, name, sweep), page, size, sort);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getExperiment",
            summary = "An experiment: spec, status, epoch x of y, ETA, images/s, best and final metrics",
            description = "Read from the database, so any node answers with the live position of the worker that trains it; "
                    + "`version` changes with every change.")
    @ApiResponse(responseCode = "200", description = "The experiment")
    ExperimentView get(@PathVariable long id) {
        return experiments.get(id);
    }

    @GetMapping(value = "/{id}/metrics", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getMetrics", summary = "Every finished epoch's metrics and learning rate",
            description = "The same as CSV: GET /api/experiments/{id}/metrics.csv (or this path with Accept: text/csv).")
    @ApiResponse(responseCode = "200", description = "One entry per finished epoch, in order")
    List<EpochMetrics> metrics(@PathVariable long id) {
        return experiments.metrics(id);
    }

    @GetMapping(value = "/{id}/metrics", produces = "text/csv")
    // why hidden: one representation per path in the document (getMetricsCsv, /metrics.csv); kept for Accept: text/csv
    @Operation(hidden = true)
    ResponseEntity<String> metricsCsv(@PathVariable long id) {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("experiment-" + id + "-metrics.csv").build().toString())
                .body(MetricsCsv.of(experiments.metrics(id)));
    }

    @GetMapping(value = "/{id}/report", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getReport", summary = "The classification report and confusion matrix on the test set",
            description = "The same as text: GET /api/experiments/{id}/report.txt (or this path with Accept: text/plain).")
    @ApiResponse(responseCode = "200", description = "The report, once the experiment COMPLETED, STOPPED_EARLY or PRUNED")
    ClassificationReport report(@PathVariable long id) {
        return experiments.report(id);
    }

    @GetMapping(value = "/{id}/report", produces = MediaType.TEXT_PLAIN_VALUE)
    // why hidden: one representation per path in the document (getReportText, /report.txt); kept for Accept: text/plain
    @Operation(hidden = true)
    String reportText(@PathVariable long id) {
        return experiments.reportText(id);
    }

    @GetMapping(value = "/{id}/model", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    // why hidden: the document names downloadModel at /model.zip (application/zip); this path stays for the dashboard and scripts
    @Operation(hidden = true)
    ResponseEntity<StreamingResponseBody> model(@PathVariable long id) {
        ExperimentQueries.ModelDownload model = experiments.model(id);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("experiment-" + id + ".zip").build().toString())
                .body(model::writeTo);
    }

    @PostMapping("/{id}/cancel")
    @Operation(operationId = "cancelExperiment", summary = "Cancel a queued or running experiment (409 once it finished)",
            description = "A queued experiment is CANCELLED at once; a running one stops at its next batch and keeps its "
                    + "finished epochs. A write key cancels the experiments it submitted, an admin key any.")
    @ApiResponse(responseCode = "200", description = "The experiment, CANCELLED or (running) about to stop")
    @ApiResponse(responseCode = "409", description = "The experiment has already finished")
    ExperimentView cancel(@PathVariable long id, @Parameter(hidden = true) Caller caller) {
        return lifecycle.cancel(id, caller);
    }

    @PostMapping("/{id}/retry")
    @Operation(operationId = "retryExperiment", summary = "Queue a new experiment with the same spec",
            description = "Any experiment, finished or not; the new one is independent of it. The same seed on the same machine "
                    + "reproduces every metric.")
    @ApiResponse(responseCode = "202", description = "Queued",
            headers = @Header(name = "Location", description = "the new experiment's URL", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "429")
    ResponseEntity<ExperimentView> retry(@PathVariable long id, @Parameter(hidden = true) Caller caller) {
        ExperimentView view = admission.retry(id, caller);
        return ResponseEntity.accepted().location(URI.create("/api/experiments/" + view.id())).body(view);
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteExperiment", summary = "Delete an experiment and its files (409 while it runs)",
            description = "Removes its metrics, report, checkpoint and model. Needs an admin key when API keys are on.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = "The experiment is running: cancel it first")
    ResponseEntity<Void> delete(@PathVariable long id) {
        lifecycle.delete(id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(value = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = ExperimentEventsDocs.OPERATION, summary = "Follow an experiment as Server-Sent Events",
            description = "Events: `status` (data: an ExperimentView) at once and on every change, `epoch` (data: an EpochMetrics) "
                    + "for every finished epoch. The stream ends after the status event of a finished experiment.")
    @ApiResponse(responseCode = "200", description = "An event stream (text/event-stream, UTF-8): `event: status` or `event: epoch`, "
            + "then one `data:` line holding the event's JSON; the `x-itemSchema` of the media type describes one event",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string", format = "binary")))
    SseEmitter events(@PathVariable long id) {
        ExperimentView view = experiments.get(id);
        SseEmitter emitter = events.subscribe(id, view, view.status().isFinished());
        if (!view.status().isFinished()) {
            // why: the run may have finished between the read above and the subscription; then no event would follow
            ExperimentView now = experiments.get(id);
            if (now.status().isFinished()) {
                events.finish(id, now);
            }
        }
        return emitter;
    }
}
