package io.lrlab.experiment;

import io.lrlab.security.Caller;
import io.lrlab.web.PageView;
import io.lrlab.training.ClassificationReport;
import io.lrlab.training.EpochMetrics;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
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
    @Operation(summary = "Queue an experiment", description = "Answers 202 with the QUEUED experiment and its Location.")
    ResponseEntity<ExperimentView> submit(@Valid @RequestBody ExperimentRequest request, @Parameter(hidden = true) Caller caller) {
        ExperimentView view = admission.submit(request, caller);
        return ResponseEntity.accepted().location(URI.create("/api/experiments/" + view.id())).body(view);
    }

    @GetMapping
    @Operation(summary = "List experiments", description = "Filter by status, schedule, tag and name (substring); page and sort "
            + "(id, createdAt, name, status, schedule, bestValAcc, finalValAcc, priority; ',asc' or ',desc').")
    PageView<ExperimentView> list(@RequestParam(required = false) ExperimentStatus status,
                                  @RequestParam(required = false) String schedule,
                                  @RequestParam(required = false) String tag,
                                  @RequestParam(required = false) String name,
                                  @RequestParam(defaultValue = "0") int page,
                                  @RequestParam(defaultValue = "20") int size,
                                  @Parameter(example = "bestValAcc,desc") @RequestParam(required = false) String sort) {
        return PageView.of(experiments.list(status, schedule, tag, name, page, size, sort));
    }

    @GetMapping("/{id}")
    @Operation(summary = "An experiment: spec, status, epoch x of y, ETA, images/s, best and final metrics")
    ExperimentView get(@PathVariable long id) {
        return experiments.get(id);
    }

    @GetMapping(value = "/{id}/metrics", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Every finished epoch's metrics and learning rate (JSON, or CSV with Accept: text/csv)")
    List<EpochMetrics> metrics(@PathVariable long id) {
        return experiments.metrics(id);
    }

    @GetMapping(value = "/{id}/metrics", produces = "text/csv")
    ResponseEntity<String> metricsCsv(@PathVariable long id) {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("experiment-" + id + "-metrics.csv").build().toString())
                .body(MetricsCsv.of(experiments.metrics(id)));
    }

    @GetMapping(value = "/{id}/report", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The classification report and confusion matrix on the test set (JSON, or text with Accept: text/plain)")
    ClassificationReport report(@PathVariable long id) {
        return experiments.report(id);
    }

    @GetMapping(value = "/{id}/report", produces = MediaType.TEXT_PLAIN_VALUE)
    String reportText(@PathVariable long id) {
        return experiments.reportText(id);
    }

    @GetMapping(value = "/{id}/model", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @Operation(summary = "The trained network as a DL4J model file (ModelSerializer zip, with updater state)")
    ResponseEntity<StreamingResponseBody> model(@PathVariable long id) {
        ExperimentQueries.ModelDownload model = experiments.model(id);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("experiment-" + id + ".zip").build().toString())
                .body(model::writeTo);
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a queued or running experiment (409 once it finished)")
    ExperimentView cancel(@PathVariable long id, @Parameter(hidden = true) Caller caller) {
        return lifecycle.cancel(id, caller);
    }

    @PostMapping("/{id}/retry")
    @Operation(summary = "Queue a new experiment with the same spec")
    ResponseEntity<ExperimentView> retry(@PathVariable long id, @Parameter(hidden = true) Caller caller) {
        ExperimentView view = admission.retry(id, caller);
        return ResponseEntity.accepted().location(URI.create("/api/experiments/" + view.id())).body(view);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete an experiment and its files (409 while it runs)")
    ResponseEntity<Void> delete(@PathVariable long id) {
        lifecycle.delete(id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(value = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Server-Sent Events: 'status' now and on every change, 'epoch' for every finished epoch")
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
