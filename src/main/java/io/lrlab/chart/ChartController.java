package io.lrlab.chart;

import io.lrlab.error.ConflictException;
import io.lrlab.error.InvalidInputException;
import io.lrlab.sweep.ConfigurationStats;
import io.lrlab.experiment.ExperimentQueries;
import io.lrlab.experiment.ExperimentView;
import io.lrlab.study.StudyService;
import io.lrlab.study.StudyView;
import io.lrlab.sweep.SweepService;
import io.lrlab.sweep.SweepView;
import io.lrlab.training.EpochMetrics;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.DigestUtils;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/**
 * Charts as images at stable URLs. Every chart takes width, height (200..4000), title, logY, smoothing, from, to and
 * format (png or svg); answers carry an ETag and revalidate, so an unchanged chart costs a 304.
 */
@ApiResponse(responseCode = "503")
@RestController
@Tag(name = "Charts", description = "Training history, learning rate, confusion, comparison and final-accuracy charts")
class ChartController {

    static final int MAX_IDS = 20;

    private final ExperimentQueries experiments;
    private final SweepService sweeps;
    private final StudyService studies;
    private final ExperimentCharts experimentCharts;
    private final ComparisonCharts comparisons;
    private final StudyCharts studyCharts;

    private final RenderedCharts rendered;

    ChartController(ExperimentQueries experiments, SweepService sweeps, StudyService studies, ExperimentCharts experimentCharts,
                    ComparisonCharts comparisons, StudyCharts studyCharts, RenderedCharts rendered) {
        this.studyCharts = studyCharts;
        this.studies = studies;
        this.rendered = rendered;
        this.experiments = experiments;
        this.sweeps = sweeps;
        this.experimentCharts = experimentCharts;
        this.comparisons = comparisons;
    }

    @GetMapping(value = "/api/experiments/{id}/charts/history.png", produces = {"image/png", "image/svg+xml"})
    @ChartOperation
    @Operation(operationId = "getHistoryChart", summary = "An experiment's train_loss, val_loss, train_acc and val_acc by epoch")
    ResponseEntity<byte[]> history(@PathVariable long id, @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query,
                                   WebRequest webRequest) {
        ChartRequest request = ChartRequest.parse(query);
        ExperimentView view = experiments.get(id);
        return image("history", List.of(view), query, webRequest, request,
                () -> experimentCharts.history(view.name(), experiments.metrics(id), request));
    }

    @GetMapping(value = "/api/experiments/{id}/charts/lr.png", produces = {"image/png", "image/svg+xml"})
    @ChartOperation
    @Operation(operationId = "getLearningRateChart",
            summary = "An experiment's planned (per iteration for per-iteration schedules) and actual learning rate")
    ResponseEntity<byte[]> learningRate(@PathVariable long id, @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query,
                                        WebRequest webRequest) {
        ChartRequest request = ChartRequest.parse(query);
        ExperimentView view = experiments.get(id);
        return image("lr", List.of(view), query, webRequest, request,
                () -> experimentCharts.learningRate(view.name(), view.spec(), experiments.metrics(id), request));
    }

    @GetMapping(value = "/api/experiments/{id}/charts/confusion.png", produces = {"image/png", "image/svg+xml"})
    @ChartOperation
    @Operation(operationId = "getConfusionChart", summary = "An experiment's confusion matrix as a labelled heat map (finished experiments)")
    ResponseEntity<byte[]> confusion(@PathVariable long id, @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query,
                                     WebRequest webRequest) {
        ChartRequest request = ChartRequest.parse(query);
        ExperimentView view = experiments.get(id);
        return image("confusion", List.of(view), query, webRequest, request,
                () -> experimentCharts.confusion(view.name(), experiments.report(id), request));
    }

    @GetMapping(value = "/api/charts/compare.png", produces = {"image/png", "image/svg+xml"})
    @ChartOperation
    @Operation(operationId = "getComparisonChart", summary = "One line per experiment for a metric: valAcc, valLoss, trainAcc, trainLoss or lr")
    @ApiResponse(responseCode = "404", description = "One of the experiments does not exist")
    ResponseEntity<byte[]> compare(@Parameter(example = "1,2,3", required = true, description = "comma-separated experiment ids") @RequestParam(required = false) String ids,
                                   @Parameter(description = "valAcc, valLoss, trainAcc, trainLoss or lr", example = "valAcc") @RequestParam(defaultValue = "valAcc") String metric,
                                   @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query,
                                   WebRequest webRequest) {
        ChartRequest request = ChartRequest.parse(query);
        ChartMetric m = metric(metric);
        List<ExperimentView> views = parseIds(ids).stream().map(experiments::get).toList();
        return image("compare", views, query, webRequest, request, () -> comparisons.lines(lines(views), m, request));
    }

    @GetMapping(value = "/api/charts/final.png", produces = {"image/png", "image/svg+xml"})
    @ChartOperation
    @Operation(operationId = "getFinalAccuracyChart", summary = "Final and best validation accuracy per experiment, sorted, values on the bars")
    @ApiResponse(responseCode = "404", description = "One of the experiments does not exist")
    ResponseEntity<byte[]> finalAccuracy(@Parameter(example = "1,2,3", required = true, description = "comma-separated experiment ids") @RequestParam(required = false) String ids,
                                         @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query,
                                         WebRequest webRequest) {
        ChartRequest request = ChartRequest.parse(query);
        List<ExperimentView> views = parseIds(ids).stream().map(experiments::get).toList();
        return image("final", views, query, webRequest, request, () -> comparisons.finalAccuracy(bars(views), request));
    }

    @GetMapping(value = "/api/sweeps/{id}/charts/compare.png", produces = {"image/png", "image/svg+xml"})
    @ChartOperation
    @Operation(operationId = "getSweepComparisonChart", summary = "A sweep's experiments for a metric; configurations run "
            + "with several seeds are drawn as a mean with a band (band=minmax or std)")
    ResponseEntity<byte[]> sweepCompare(@PathVariable long id, @Parameter(description = "valAcc, valLoss, trainAcc, trainLoss or lr", example = "valAcc")
                                        @RequestParam(defaultValue = "valAcc") String metric,
                                        @Parameter(description = "minmax or std: the band around a mean of several seeds", example = "minmax") @RequestParam(defaultValue = "minmax") String band,
                                        @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query,
                                        WebRequest webRequest) {
        ChartRequest request = ChartRequest.parse(query);
        ChartMetric m = metric(metric);
        ComparisonCharts.Band b = switch (band.toLowerCase(Locale.ROOT)) {
            case "minmax" -> ComparisonCharts.Band.MINMAX;
            case "std" -> ComparisonCharts.Band.STD;
            default -> throw InvalidInputException.of("band", "must be minmax or std");
        };
        List<ExperimentView> views = sweepExperiments(id);
        return image("sweep-compare", views, query, webRequest, request, () -> {
            Map<String, List<ExperimentView>> groups = new LinkedHashMap<>();
            views.forEach(v -> groups.computeIfAbsent(configuration(v), k -> new ArrayList<>()).add(v));
            if (groups.values().stream().allMatch(g -> g.size() == 1)) {
                return comparisons.lines(lines(views), m, request);
            }
            Map<Long, List<EpochMetrics>> metrics = experiments.metrics(views.stream().map(ExperimentView::id).toList());
            List<ComparisonCharts.Group> grouped = groups.entrySet().stream()
                    .map(e -> new ComparisonCharts.Group(e.getKey(), e.getValue().stream().map(v -> metrics.get(v.id())).toList()))
                    .toList();
            return comparisons.bands(grouped, m, b, request);
        });
    }

    @GetMapping(value = "/api/sweeps/{id}/charts/final.png", produces = {"image/png", "image/svg+xml"})
    @ChartOperation
    @Operation(operationId = "getSweepFinalAccuracyChart", summary = "Final and best validation accuracy of a sweep's experiments; "
            + "with several seeds per configuration, the mean final accuracy per configuration with 95% confidence intervals "
            + "and Welch p-values against the best")
    ResponseEntity<byte[]> sweepFinal(@PathVariable long id, @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query,
                                      WebRequest webRequest) {
        ChartRequest request = ChartRequest.parse(query);
        SweepView sweep = sweeps.get(id);
        List<ExperimentView> views = byId(sweep);
        boolean seeds = sweep.configurations().stream().anyMatch(c -> c.completed() > 1);
        return image("sweep-final", views, query, webRequest, request, () -> seeds
                ? comparisons.configurationMeans(intervals(sweep.configurations()), request)
                : comparisons.finalAccuracy(bars(views), request));
    }

    @GetMapping(value = "/api/studies/{id}/charts/rungs.png", produces = {"image/png", "image/svg+xml"})
    @ChartOperation
    @Operation(operationId = "getStudyRungChart", summary = "A study's search trials: a metric by epoch, each pruned trial ending "
            + "at the rung where it stopped")
    ResponseEntity<byte[]> studyRungs(@PathVariable long id, @Parameter(description = "valAcc, valLoss, trainAcc, trainLoss or lr", example = "valAcc")
                                      @RequestParam(defaultValue = "valAcc") String metric,
                                      @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query, WebRequest webRequest) {
        ChartRequest request = ChartRequest.parse(query);
        ChartMetric m = metric(metric);
        List<ExperimentView> views = studies.get(id).trials().stream()
                .filter(t -> "search".equals(t.kind()) && t.experimentId() != null)
                .map(t -> experiments.get(t.experimentId())).toList();
        return image("study-rungs", views, query, webRequest, request, () -> comparisons.lines(lines(views), m, request));
    }

    @GetMapping(value = "/api/studies/{id}/charts/parallel.png", produces = {"image/png", "image/svg+xml"})
    @ChartOperation
    @Operation(operationId = "getStudyParallelCoordinatesChart", summary = "A study's search trials in parallel coordinates: "
            + "an axis per parameter and one for the objective, a line per trial, coloured from worst to best, pruned trials grey")
    ResponseEntity<byte[]> studyParallel(@PathVariable long id, @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query,
                                         WebRequest webRequest) {
        ChartRequest request = ChartRequest.parse(query);
        StudyView study = studies.get(id);
        List<StudyCharts.Trial> trials = study.trials().stream().filter(t -> "search".equals(t.kind()))
                .map(t -> new StudyCharts.Trial(t.number(), t.params(), t.value(), finished(t.status()))).toList();
        if (trials.isEmpty()) {
            throw new ConflictException("study " + id + " has no search trial yet");
        }
        return image("study-parallel", state(study), query, webRequest, request,
                () -> studyCharts.parallelCoordinates(trials, study.objective(), !"val_loss".equals(study.objective()), request));
    }

    @GetMapping(value = "/api/studies/{id}/charts/importance.png", produces = {"image/png", "image/svg+xml"})
    @ChartOperation
    @Operation(operationId = "getStudyImportanceChart", summary = "Each parameter's permutation importance in a random forest over "
            + "a study's completed search trials, as bars (from 8 completed trials)")
    @ApiResponse(responseCode = "409", description = "Fewer than 8 search trials completed: no importance yet")
    ResponseEntity<byte[]> studyImportance(@PathVariable long id, @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query,
                                           WebRequest webRequest) {
        ChartRequest request = ChartRequest.parse(query);
        StudyView study = studies.get(id);
        if (study.importance() == null || study.importance().isEmpty()) {
            long completed = study.trials().stream().filter(t -> "search".equals(t.kind()) && finished(t.status())).count();
            throw new ConflictException("study " + id + " has " + completed + " completed search trials; importance needs 8");
        }
        Map<String, Double> shares = new LinkedHashMap<>();
        study.importance().forEach(i -> shares.put(i.parameter(), i.share()));
        return image("study-importance", state(study), query, webRequest, request,
                () -> studyCharts.importance(shares, "random forest, permutation", request));
    }

    @GetMapping(value = "/api/studies/{id}/charts/population.png", produces = {"image/png", "image/svg+xml"})
    @ChartOperation
    @Operation(operationId = "getStudyPopulationChart", summary = "Population-based training: each member's learning rate over the "
            + "epochs, with every exploit marked (where a member took another's weights, and from whom)")
    @ApiResponse(responseCode = "409", description = "Not a population-based training study, or no member has trained an epoch")
    ResponseEntity<byte[]> studyPopulation(@PathVariable long id, @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query,
                                           WebRequest webRequest) {
        ChartRequest request = ChartRequest.parse(query);
        StudyView study = studies.get(id);
        if (!"pbt".equals(study.method())) {
            throw new ConflictException("study " + id + " is a search, not population-based training");
        }
        List<StudyView.Trial> members = study.trials().stream().filter(t -> "search".equals(t.kind()) && t.experimentId() != null).toList();
        Map<Long, List<EpochMetrics>> metrics = experiments.metrics(members.stream().map(StudyView.Trial::experimentId).toList());
        List<StudyCharts.Member> lines = new ArrayList<>();
        for (StudyView.Trial t : members) {
            Map<Integer, Double> rates = new java.util.TreeMap<>();
            metrics.getOrDefault(t.experimentId(), List.of()).forEach(m -> rates.put(m.epoch() + 1, m.plannedLr()));
            lines.add(new StudyCharts.Member(t.number(), rates));
        }
        if (lines.stream().allMatch(m -> m.rates().isEmpty())) {
            throw new ConflictException("study " + id + "'s members have not trained an epoch yet");
        }
        List<StudyCharts.Exploit> exploits = study.exploits().stream().filter(e -> e.donor() != null)
                .map(e -> new StudyCharts.Exploit(e.member(), e.donor(), e.epochs(), e.lr())).toList();
        String key = state(study) + "|" + metrics.values().stream().mapToInt(List::size).sum();
        return image("study-population", key, query, webRequest, request, () -> studyCharts.population(lines, exploits, request));
    }

    /** A trial that trained to its end (or stopped early on its own rule), as the study's view counts them. */
    private static boolean finished(String status) {
        return "COMPLETED".equals(status) || "STOPPED_EARLY".equals(status);
    }

    /** What a study chart shows changes with its state and its trials' statuses and values, nothing else. */
    private static String state(StudyView study) {
        StringBuilder key = new StringBuilder().append(study.id()).append(':').append(study.state());
        study.trials().forEach(t -> key.append('|').append(t.number()).append(':').append(t.status()).append(':').append(t.value()));
        return key.toString();
    }

    private List<ExperimentView> sweepExperiments(long id) {
        return byId(sweeps.get(id));
    }

    private static List<ExperimentView> byId(SweepView sweep) {
        return sweep.ranking().stream().sorted(java.util.Comparator.comparingLong(ExperimentView::id)).toList();
    }

    private static List<ComparisonCharts.Interval> intervals(List<ConfigurationStats> configurations) {
        return configurations.stream().filter(c -> c.finalValAcc() != null).map(c -> {
            var s = c.finalValAcc();
            double half = s.ci95High() == null ? 0 : s.ci95High() - s.mean();
            return new ComparisonCharts.Interval(c.configuration(), s.n(), s.mean(), half, c.pValueVsBest());
        }).toList();
    }

    private static String configuration(ExperimentView v) {
        return v.spec().schedule() + " lr=" + v.spec().initialLr() + ("bfloat16".equals(v.spec().precisionId()) ? " bfloat16" : "");
    }

    private List<ComparisonCharts.Line> lines(List<ExperimentView> views) {
        Map<Long, List<EpochMetrics>> metrics = experiments.metrics(views.stream().map(ExperimentView::id).toList());
        // a bfloat16 run says so in the legend, beside its float32 twin
        return views.stream().map(v -> new ComparisonCharts.Line(v.name() + " [" + v.spec().schedule()
                + ("bfloat16".equals(v.spec().precisionId()) ? ", bfloat16" : "") + "]", metrics.get(v.id()))).toList();
    }

    private static List<ComparisonCharts.Bar> bars(List<ExperimentView> views) {
        return views.stream().filter(v -> v.results() != null)
                .map(v -> new ComparisonCharts.Bar(v.name(), v.results().finalValAcc(), v.results().bestValAcc())).toList();
    }

    private static ChartMetric metric(String id) {
        return ChartMetric.fromId(id).orElseThrow(() -> InvalidInputException.of("metric", "unknown metric '" + id + "'; one of " + ChartMetric.ids()));
    }

    static List<Long> parseIds(String ids) {
        if (ids == null || ids.isBlank()) {
            throw InvalidInputException.of("ids", "is required: comma-separated experiment ids");
        }
        List<Long> out;
        try {
            out = Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Long::parseLong).distinct().toList();
        } catch (NumberFormatException e) {
            throw InvalidInputException.of("ids", "must be comma-separated whole numbers");
        }
        if (out.isEmpty() || out.size() > MAX_IDS) {
            throw InvalidInputException.of("ids", "must name 1 to " + MAX_IDS + " experiments but names " + out.size());
        }
        return out;
    }

    /**
     * Renders unless the client's ETag still matches: the tag covers the query and each experiment's version.
     * Spring's conditional-request support compares it (weak tags and {@code *} included) and answers 304.
     */
    private ResponseEntity<byte[]> image(String kind, List<ExperimentView> views, MultiValueMap<String, String> query,
                                                WebRequest webRequest, ChartRequest request, Supplier<byte[]> render) {
        StringBuilder state = new StringBuilder();
        views.forEach(v -> state.append('|').append(v.id()).append(':').append(v.version()).append(':').append(v.status()));
        return image(kind, state.toString(), query, webRequest, request, render);
    }

    private ResponseEntity<byte[]> image(String kind, String state, MultiValueMap<String, String> query,
                                         WebRequest webRequest, ChartRequest request, Supplier<byte[]> render) {
        String key = kind + '|' + new java.util.TreeMap<>(query) + '|' + state;
        String etag = "\"" + DigestUtils.md5DigestAsHex(key.getBytes(StandardCharsets.UTF_8)) + "\"";
        CacheControl cache = CacheControl.noCache().cachePrivate();
        // why the "*" check: Spring applies If-None-Match "*" to unsafe methods only, while RFC 9110 13.1.2 answers a GET
        // of an existing resource with 304
        if (webRequest.checkNotModified(etag) || "*".equals(String.valueOf(webRequest.getHeader("If-None-Match")).trim())) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(cache).build();
        }
        return ResponseEntity.ok().eTag(etag).cacheControl(cache)
                .contentType(MediaType.parseMediaType(request.options().format().mediaType())).body(rendered.get(etag, render));
    }
}
