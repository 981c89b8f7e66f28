package io.lrlab.experiment;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * An experiment's results as files, one path per representation, so that a client generated from the OpenAPI document
 * reaches each one (a generated client takes one representation per path). {@code /metrics} and {@code /report} still
 * answer {@code Accept: text/csv} and {@code text/plain}, and {@code /model} the same zip.
 */
@ApiResponse(responseCode = "503")
@RestController
@RequestMapping("/api/experiments/{id}")
@Tag(name = "Experiments")
class ExperimentFilesController {

    static final String ZIP = "application/zip";
    static final String CSV = "text/csv";

    private final ExperimentQueries experiments;

    ExperimentFilesController(ExperimentQueries experiments) {
        this.experiments = experiments;
    }

    @GetMapping(value = "/metrics.csv", produces = CSV)
    @Operation(operationId = "getMetricsCsv", summary = "Every finished epoch's metrics as CSV",
            description = "One header row (" + MetricsCsv.HEADER + "), then one row per epoch, numbered from 1 as Keras prints them.")
    @ApiResponse(responseCode = "200", description = "The CSV file (UTF-8)",
            content = @Content(mediaType = CSV, schema = @Schema(type = "string", format = "binary")))
    ResponseEntity<String> metricsCsv(@PathVariable long id) {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment("experiment-" + id + "-metrics.csv"))
                .body(MetricsCsv.of(experiments.metrics(id)));
    }

    @GetMapping(value = "/report.txt", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(operationId = "getReportText", summary = "The classification report as text, then what produced it",
            description = "Per-class precision, recall, F1 and support as scikit-learn prints them, the confusion matrix and the "
                    + "provenance. Exists once an experiment COMPLETED, STOPPED_EARLY or PRUNED.")
    @ApiResponse(responseCode = "200", description = "The report (UTF-8)",
            content = @Content(mediaType = MediaType.TEXT_PLAIN_VALUE, schema = @Schema(type = "string")))
    ResponseEntity<String> reportText(@PathVariable long id) {
        return ResponseEntity.ok().contentType(new MediaType("text", "plain", StandardCharsets.UTF_8)).body(experiments.reportText(id));
    }

    @GetMapping(value = "/model.zip", produces = ZIP)
    @Operation(operationId = "downloadModel", summary = "The trained network as a DL4J model zip",
            description = "The network of the last checkpoint with its updater state, as DL4J's ModelSerializer writes it: "
                    + "ModelSerializer.restoreComputationGraph reads it where lrlab's layer classes are on the classpath.")
    @ApiResponse(responseCode = "200", description = "The model file",
            content = @Content(mediaType = ZIP, schema = @Schema(type = "string", format = "binary")))
    ResponseEntity<StreamingResponseBody> model(@PathVariable long id) {
        ExperimentQueries.ModelDownload model = experiments.model(id);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(ZIP))
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment("experiment-" + id + ".zip"))
                .body(model::writeTo);
    }

    private static String attachment(String filename) {
        return ContentDisposition.attachment().filename(filename).build().toString();
    }
}
