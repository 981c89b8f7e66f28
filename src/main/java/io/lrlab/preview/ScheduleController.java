package io.lrlab.preview;

import io.lrlab.chart.ChartOperation;
import io.lrlab.chart.ChartOptions;
import io.lrlab.chart.LineChartRenderer;
import io.lrlab.chart.Series;
import io.lrlab.error.InvalidInputException;
import io.lrlab.error.Violation;
import io.lrlab.schedule.Granularity;
import io.lrlab.schedule.InvalidScheduleException;
import io.lrlab.schedule.LearningRateSchedule;
import io.lrlab.schedule.ScheduleType;
import io.lrlab.schedule.Schedules;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/schedules")
@Tag(name = "Schedules", description = "The learning-rate schedules lrlab knows, and their curves before any training")
class ScheduleController {

    /** Above this many points a per-iteration curve is thinned for drawing; the JSON keeps every point. */
    private static final int MAX_DRAWN_POINTS = 4000;
    private static final long MAX_ITERATION_RATES = 2_000_000;

    private final LineChartRenderer charts;

    ScheduleController(LineChartRenderer charts) {
        this.charts = charts;
    }

    @GetMapping
    @Operation(operationId = "listSchedules", summary = "Every schedule type with its formula, parameters, defaults and units",
            description = "The ids are what `schedule` takes in experiments, sweeps and previews; the parameters what "
                    + "`scheduleParams` takes.")
    List<ScheduleDescription> catalogue() {
        return Stream.of(ScheduleType.values()).map(ScheduleDescription::of).toList();
    }

    @GetMapping("/preview")
    @Operation(operationId = "previewSchedule", summary = "The learning rate of every epoch (and iteration, on request) for a schedule",
            description = "Any query parameter other than the ones below is a parameter of the schedule, e.g. "
                    + "`/api/schedules/preview?schedule=step&initialLr=0.1&epochs=100&factor=0.5&dropEvery=10`.")
    SchedulePreview preview(
            @Parameter(description = "schedule type, see GET /api/schedules", example = "step") @RequestParam String schedule,
            @Parameter(description = "initial learning rate, (0, 10]", example = "0.1", schema = @Schema(type = "number",
                    format = "double", defaultValue = "0.1")) @RequestParam(required = false) String initialLr,
            @Parameter(description = "epochs, [1, 1000]", example = "100", schema = @Schema(type = "integer", format = "int32",
                    defaultValue = "100")) @RequestParam(required = false) String epochs,
            @Parameter(description = "batches per epoch, 391 = 50,000 images at batch 128", example = "391",
                    schema = @Schema(type = "integer", format = "int32", defaultValue = "391"))
            @RequestParam(required = false) String itersPerEpoch,
            @Parameter(description = "also list the rate of every iteration (per-iteration schedules)",
                    schema = @Schema(type = "boolean", defaultValue = "false"))
            @RequestParam(required = false) String iterations,
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query) {
        PreviewQuery q = PreviewQuery.parse(query);
        Schedules.Built built = Schedules.build(q.schedule(), q.initialLr(), q.epochs(), q.params(), "params");
        LearningRateSchedule s = built.schedule();
        int n = q.itersPerEpoch();
        List<SchedulePreview.EpochRate> rates = IntStream.range(0, built.epochs())
                .mapToObj(e -> new SchedulePreview.EpochRate(e, s.rateAtEpochStart(e, n))).toList();
        double[] perIteration = null;
        if (q.iterations() && s.granularity() == Granularity.ITERATION) {
            long total = (long) built.epochs() * n;
            if (total > MAX_ITERATION_RATES) {
                throw InvalidInputException.of("iterations", "epochs x itersPerEpoch must be at most " + MAX_ITERATION_RATES
                        + " to list every iteration, but is " + total);
            }
            perIteration = new double[(int) total];
            for (int i = 0; i < total; i++) {
                perIteration[i] = s.rate(i / n, i, n);
            }
        }
        return new SchedulePreview(built.type().id(), s.granularity(), built.initialLr(), built.epochs(), n,
                built.params().asMap(), built.type().formula(), rates, perIteration,
                built.type().metricDriven() ? SchedulePreview.METRIC_DRIVEN : null);
    }

    @GetMapping(value = "/preview.png", produces = {"image/png", "image/svg+xml"})
    @ChartOperation(epochs = false, revalidates = false)
    @Operation(operationId = "getSchedulePreviewChart",
            summary = "The schedule's curve as a chart, like the reference's 'Learning Rate Schedule' figure",
            description = "Takes the parameters of /preview (any other query parameter is a parameter of the schedule), "
                    + "plus `compare`: other schedule types drawn with their defaults.")
    @Parameter(in = ParameterIn.QUERY, name = "initialLr", description = "initial learning rate, (0, 10]",
            schema = @Schema(type = "number", format = "double", defaultValue = "0.1"))
    @Parameter(in = ParameterIn.QUERY, name = "epochs", description = "epochs, [1, 1000]",
            schema = @Schema(type = "integer", format = "int32", defaultValue = "100"))
    @Parameter(in = ParameterIn.QUERY, name = "itersPerEpoch", description = "batches per epoch, 391 = 50,000 images at batch 128",
            schema = @Schema(type = "integer", format = "int32", defaultValue = "391"))
    ResponseEntity<byte[]> previewChart(
            @Parameter(description = "schedule type, see GET /api/schedules", example = "step") @RequestParam String schedule,
            @Parameter(description = "comma-separated schedule types to draw beside it", example = "linear,poly")
            @RequestParam(required = false) String compare,
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query) {
        PreviewQuery q = PreviewQuery.parse(query);
        List<Series> series = new ArrayList<>();
        series.add(curve(Schedules.build(q.schedule(), q.initialLr(), q.epochs(), q.params(), "params"), q.itersPerEpoch()));
        for (String other : q.compare()) {
            try {
                series.add(curve(Schedules.build(other, q.initialLr(), q.epochs(), Map.of(), "compare"), q.itersPerEpoch()));
            } catch (InvalidScheduleException e) {
                Violation v = e.violations().get(0);
                throw InvalidInputException.of("compare", "'" + other + "' cannot be drawn with its defaults: "
                        + v.field() + " " + v.message());
            }
        }
        ChartOptions options = q.chart();
        byte[] image = charts.render("Learning Rate Schedule", "Epoch #", "Learning Rate", series, options);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(options.format().mediaType())).body(image);
    }

    private static Series curve(Schedules.Built built, int itersPerEpoch) {
        LearningRateSchedule s = built.schedule();
        String name = built.type().id();
        if (s.granularity() == Granularity.EPOCH) {
            double[] x = IntStream.range(0, built.epochs()).asDoubleStream().toArray();
            double[] y = IntStream.range(0, built.epochs()).mapToDouble(e -> s.rateAtEpochStart(e, itersPerEpoch)).toArray();
            return new Series(name, x, y);
        }
        long total = (long) built.epochs() * itersPerEpoch;
        long stride = Math.max(1, (total + MAX_DRAWN_POINTS - 1) / MAX_DRAWN_POINTS);
        int points = (int) ((total + stride - 1) / stride);
        double[] x = new double[points];
        double[] y = new double[points];
        for (int k = 0; k < points; k++) {
            long i = k * stride;
            x[k] = (double) i / itersPerEpoch;
            y[k] = s.rate((int) (i / itersPerEpoch), i, itersPerEpoch);
        }
        return new Series(name, x, y);
    }
}
