package io.lrlab.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.lrlab.LrlabHttpTest;
import io.lrlab.client.ApiClient;
import io.lrlab.client.ApiException;
import io.lrlab.client.ApiResponse;
import io.lrlab.client.api.ChartsApi;
import io.lrlab.client.api.DataSetsApi;
import io.lrlab.client.api.ExperimentsApi;
import io.lrlab.client.api.ModelsApi;
import io.lrlab.client.model.DatasetRequest;
import io.lrlab.client.model.He2016Request;
import io.lrlab.client.model.DatasetView;
import io.lrlab.client.model.ModelView;
import io.lrlab.dataset.TestImages;
import io.lrlab.dataset.Zips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import io.lrlab.client.api.RangeTestsApi;
import io.lrlab.client.api.SchedulesApi;
import io.lrlab.client.api.StudiesApi;
import io.lrlab.client.api.SweepsApi;
import io.lrlab.client.api.WorkersApi;
import io.lrlab.client.model.EpochMetrics;
import io.lrlab.client.model.ExperimentRequest;
import io.lrlab.client.model.ExperimentView;
import io.lrlab.client.model.Problem;
import io.lrlab.client.model.RangeTestRequest;
import io.lrlab.client.model.RangeTestView;
import io.lrlab.client.model.Dimension;
import io.lrlab.client.model.Pruner;
import io.lrlab.client.model.DiscoveredSchedule;
import io.lrlab.client.model.Population;
import io.lrlab.client.model.ReplayBaseline;
import io.lrlab.client.model.ReplayRequest;
import io.lrlab.client.model.ReferenceSweepRequest;
import io.lrlab.client.model.SearchSpace;
import io.lrlab.client.model.StudyBudget;
import io.lrlab.client.model.StudyRequest;
import io.lrlab.client.model.StudyView;
import io.lrlab.client.model.SweepRequest;
import io.lrlab.client.model.SweepView;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document and the server agree: a Java client generated at build time from the committed document
 * (openapi-generator, native HttpClient, see pom.xml) drives a scenario through every operation, and nothing else
 * talks to the server. Its JSON mapper refuses unknown properties, so a field the server sends and the document does
 * not describe fails here too. The hand-written HTTP tests check behaviour; this one checks the contract.
 */
@LrlabHttpTest
class GeneratedClientContractTest {

    private static final Duration RUN = Duration.ofMinutes(3);

    @LocalServerPort
    int port;

    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private ObjectMapper json;
    private ExperimentsApi experiments;
    private ChartsApi charts;
    private SweepsApi sweeps;
    private StudiesApi studies;
    private RangeTestsApi rangeTests;
    private SchedulesApi schedules;
    private WorkersApi workers;
    private DataSetsApi datasets;
    private ModelsApi models;

    @BeforeEach
    void client() {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://localhost:" + port);
        json = ((JsonMapper) client.getObjectMapper()).rebuild().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        client.setObjectMapper(json);
        client.setResponseInterceptor(r -> calls.add(r.request().method() + " " + r.uri().getPath() + " " + r.statusCode()));
        experiments = new ExperimentsApi(client);
        charts = new ChartsApi(client);
        sweeps = new SweepsApi(client);
        studies = new StudiesApi(client);
        rangeTests = new RangeTestsApi(client);
        schedules = new SchedulesApi(client);
        workers = new WorkersApi(client);
        datasets = new DataSetsApi(client);
        models = new ModelsApi(client);
    }

    @Test
    void aClientGeneratedFromTheDocumentDrivesEveryOperation() throws Exception {
        schedulesAndWorkers();
        datasetsAndModels();
        theHe2016Protocol();
        long id = submitFollowAndReadEverything();
        sweepsAndTheReferenceSweep();
        studies();
        rangeTests();
        retryCancelAndDelete(id);
        problems(id);
        everyOperationOfTheDocumentAnswered2xx();
    }

    private void schedulesAndWorkers() throws Exception {
        assertThat(schedules.listSchedules()).extracting(s -> s.getId()).contains("step", "linear", "one-cycle");
        assertThat(schedules.previewSchedule("step", 0.1, 10, 391, false).getEpochs()).isEqualTo(10);
        assertImage(schedules.getSchedulePreviewChartWithHttpInfo("step", "linear,poly", 0.1, 100, 391, 400, 300, null, false, "png"), "png");
        assertImage(schedules.getSchedulePreviewChartWithHttpInfo("step", null, null, null, null, null, null, "a title", true, "svg"), "svg");
        assertThat(workers.listWorkers()).isNotEmpty();
    }

    private void theHe2016Protocol() throws Exception {
        ApiResponse<SweepView> queued = sweeps.submitHe2016SweepWithHttpInfo(new He2016Request().depths(List.of(20)).seeds(List.of(1L)).scale(0.02));
        assertThat(queued.getStatusCode()).isEqualTo(202);
        SweepView sweep = queued.getData();
        assertThat(sweep.getRanking()).hasSize(1);
        assertThat(sweep.getRanking().get(0).getSpec().getModel()).isEqualTo("resnet20");
        experiments.cancelExperiment(sweep.getRanking().get(0).getId());
        assertThat(sweeps.getSweep(sweep.getId()).getPaper()).singleElement()
                .satisfies(row -> assertThat(row.getPaperTestError()).isEqualTo(8.75));
    }

    private void datasetsAndModels() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Path root = Path.of("target/test-data/dataset-roots").resolve("contract-" + suffix).toAbsolutePath();
        TestImages.rgbTree(root, List.of("x", "y"), 12, 2, 1, 9);
        DatasetView folder = datasets.registerDataset(new DatasetRequest().name("folder-" + suffix).source("folder").path(root.toString()));
        assertThat(folder.getClasses()).containsExactly("x", "y");
        assertThat(folder.getShape().getHeight()).isEqualTo(12);
        Path zip = Files.createTempFile("contract", ".zip");
        Files.write(zip, new Zips().file("x/1.png", Files.readAllBytes(root.resolve("train/x/0.png")))
                .file("y/1.png", Files.readAllBytes(root.resolve("train/y/0.png")))
                .file("x/2.png", Files.readAllBytes(root.resolve("train/x/1.png")))
                .file("y/2.png", Files.readAllBytes(root.resolve("train/y/1.png"))).bytes());
        DatasetView uploaded = datasets.uploadDataset("upload-" + suffix, zip.toFile(), 0.5, 2L, "8x8", 1);
        assertThat(uploaded.getShape().getChannels()).isEqualTo(1);
        assertThat(datasets.listDatasets()).extracting(DatasetView::getName).contains("cifar10", "folder-" + suffix, "upload-" + suffix);
        assertThat(datasets.getDataset("cifar10").getTrainImages()).isEqualTo(50_000);
        assertThat(models.listModels("upload-" + suffix)).extracting(ModelView::getId).contains("resnet20", "resnet-reference");
        assertThat(models.listModels(null)).filteredOn(m -> m.getId().equals("resnet20")).extracting(ModelView::getParameters).containsExactly(269_722L);
        datasets.deleteDataset("upload-" + suffix, false);
        assertProblem(() -> datasets.getDataset("upload-" + suffix), 404, "not-found");
    }

    private long submitFollowAndReadEverything() throws Exception {
        ApiResponse<ExperimentView> submitted = experiments.submitExperimentWithHttpInfo(tiny("contract", 2));
        assertThat(submitted.getStatusCode()).isEqualTo(202);
        long id = submitted.getData().getId();
        assertThat(header(submitted, "Location")).isEqualTo("/api/experiments/" + id);

        // follow: the stream ends after the finished experiment's status event
        CompletableFuture<ApiResponse<File>> stream = CompletableFuture.supplyAsync(() -> {
            try {
                return experiments.streamExperimentEventsWithHttpInfo(id);
            } catch (ApiException e) {
                throw new IllegalStateException(e);
            }
        });
        ApiResponse<File> events = stream.get(RUN.toSeconds(), TimeUnit.SECONDS);
        assertThat(header(events, "Content-Type")).startsWith("text/event-stream");
        List<ExperimentView> statuses = new ArrayList<>();
        List<EpochMetrics> epochs = new ArrayList<>();
        for (String[] event : serverSentEvents(events.getData())) {
            switch (event[0]) {
                case "status" -> statuses.add(json.readValue(event[1], ExperimentView.class));
                case "epoch" -> epochs.add(json.readValue(event[1], EpochMetrics.class));
                default -> throw new AssertionError("an event the document does not name: " + event[0]);
            }
        }
        assertThat(statuses).last().extracting(ExperimentView::getStatus).isEqualTo(ExperimentView.StatusEnum.COMPLETED);
        // subscribed right after the submit, long before a first epoch ends (the worker polls, loads the data and builds the net)
        assertThat(epochs).hasSizeBetween(1, 2).allSatisfy(e -> assertThat(e.getValAcc()).isBetween(0.0, 1.0));

        ExperimentView done = experiments.getExperiment(id);
        assertThat(done.getProgress().getEpochsCompleted()).isEqualTo(2);
        assertThat(done.getResults().getBestValAcc()).isBetween(0.0, 1.0);
        assertThat(experiments.listExperiments("COMPLETED", "step", "contract", null, null, 0, 100, "id,desc").getContent())
                .extracting(ExperimentView::getId).contains(id);

        assertThat(experiments.getMetrics(id)).hasSize(2);
        ApiResponse<File> csv = experiments.getMetricsCsvWithHttpInfo(id);
        assertThat(header(csv, "Content-Type")).startsWith("text/csv");
        assertThat(Files.readAllLines(csv.getData().toPath())).hasSize(3).first().asString().startsWith("epoch,planned_lr,");
        assertThat(experiments.getReport(id).getClasses()).hasSize(10);
        assertThat(experiments.getReportText(id)).contains("weighted avg");

        ApiResponse<File> model = experiments.downloadModelWithHttpInfo(id);
        assertThat(header(model, "Content-Type")).isEqualTo("application/zip");
        ComputationGraph network = ModelSerializer.restoreComputationGraph(model.getData());
        assertThat(network.numParams()).isPositive();

        ApiResponse<File> history = charts.getHistoryChartWithHttpInfo(id, 600, 400, null, false, "png", 0.5, 0, 1);
        assertImage(history, "png");
        ApiException notModified = catchThrowableOfType(ApiException.class, () -> charts.getHistoryChart(id, 600, 400, null, false,
                "png", 0.5, 0, 1, Map.of("If-None-Match", header(history, "ETag"))));
        assertThat(notModified.getCode()).isEqualTo(304);
        assertImage(charts.getHistoryChartWithHttpInfo(id, null, null, null, null, "svg", null, null, null), "svg");
        assertImage(charts.getLearningRateChartWithHttpInfo(id, null, null, null, true, "png", null, null, null), "png");
        assertImage(charts.getConfusionChartWithHttpInfo(id, null, null, "confusion", null, "svg", null, null, null), "svg");
        assertImage(charts.getComparisonChartWithHttpInfo(Long.toString(id), "valLoss", null, null, null, null, "png", 0.6, null, null), "png");
        assertImage(charts.getFinalAccuracyChartWithHttpInfo(Long.toString(id), null, null, null, null, "svg", null, null, null), "svg");
        return id;
    }

    private void studies() throws Exception {
        StudyRequest request = new StudyRequest().name("contract study").epochs(2).sampler("random").seed(1L)
                .space(new SearchSpace().schedule(List.of("step", "cosine")).initialLr(new Dimension().low(0.01).high(0.1).log(true)))
                .pruner(new Pruner().type("asha").minEpochs(1).eta(2)).budget(new StudyBudget().trials(2)).parallelism(2)
                .model("resnet-tiny").trainLimit(40).testLimit(20).batchSize(20);
        ApiResponse<StudyView> created = studies.submitStudyWithHttpInfo(request);
        assertThat(created.getStatusCode()).isEqualTo(202);
        long study = created.getData().getId();
        assertThat(header(created, "Location")).isEqualTo("/api/studies/" + study);
        await().atMost(RUN).until(() -> "COMPLETED".equals(studies.getStudy(study).getState()));
        StudyView done = studies.getStudy(study);
        assertThat(done.getTrials()).hasSize(2);
        assertThat(done.getBest()).isNotNull();
        assertThat(studies.listStudies(10)).extracting(s -> s.getId()).contains(study);
        assertImage(charts.getStudyRungChartWithHttpInfo(study, "valAcc", null, null, null, null, "png", null, null, null), "png");
        assertImage(charts.getStudyParallelCoordinatesChartWithHttpInfo(study, null, null, null, null, "svg", null, null, null), "svg");
        // importance needs 8 completed trials: a grid of 8 one-epoch trials
        long grid = studies.submitStudy(new StudyRequest().name("contract grid").epochs(1).sampler("grid")
                .space(new SearchSpace().schedule(List.of("step", "cosine")).initialLr(new Dimension().values(List.<Object>of(0.01, 0.02, 0.05, 0.1))))
                .parallelism(4).model("resnet-tiny").trainLimit(40).testLimit(20).batchSize(20)).getId();
        await().atMost(RUN).until(() -> "COMPLETED".equals(studies.getStudy(grid).getState()));
        assertThat(studies.getStudy(grid).getImportance()).extracting(i -> i.getParameter()).contains("schedule", "initialLr");
        assertImage(charts.getStudyImportanceChartWithHttpInfo(grid, null, null, null, null, "png", null, null, null), "png");
        // population-based training: two members, an exploit after the first epoch, the schedule found and replayed
        long pbt = studies.submitStudy(new StudyRequest().name("contract pbt").method("pbt").epochs(2).seed(3L)
                .space(new SearchSpace().initialLr(new Dimension().low(0.01).high(0.1)))
                .population(new Population().size(2).interval(1)).model("resnet-tiny").trainLimit(40).testLimit(20).batchSize(20)).getId();
        await().atMost(RUN).until(() -> "COMPLETED".equals(studies.getStudy(pbt).getState()));
        assertThat(studies.getStudy(pbt).getExploits()).hasSize(2);
        DiscoveredSchedule found = studies.getDiscoveredSchedule(pbt);
        assertThat(found.getLineage()).hasSize(2);
        assertImage(charts.getStudyPopulationChartWithHttpInfo(pbt, null, null, null, null, "png", null, null, null), "png");
        ApiResponse<SweepView> replay = studies.submitReplayWithHttpInfo(pbt, new ReplayRequest().seeds(List.of(1L, 2L))
                .baseline(new ReplayBaseline().schedule("step").initialLr(0.05)));
        assertThat(replay.getStatusCode()).isEqualTo(202);
        assertThat(header(replay, "Location")).isEqualTo("/api/sweeps/" + replay.getData().getId());
        assertThat(replay.getData().getRanking()).hasSize(4);
        long replayed = replay.getData().getId();
        await().atMost(RUN).until(() -> sweeps.getSweep(replayed).getRanking().stream().allMatch(GeneratedClientContractTest::finished));
        long other = studies.submitStudy(request.name("contract study, cancelled").epochs(50)).getId();
        assertThat(studies.cancelStudy(other).getState()).isEqualTo("CANCELLED");
    }

    private void sweepsAndTheReferenceSweep() throws Exception {
        ApiResponse<SweepView> created = sweeps.submitSweepWithHttpInfo(new SweepRequest().name("contract sweep")
                .schedules(List.of("step", "linear")).initialLrs(List.of(0.05)).seeds(List.of(1L)).epochs(1)
                .model("resnet-tiny").trainLimit(40).testLimit(20).batchSize(10).tags(List.of("contract")));
        assertThat(created.getStatusCode()).isEqualTo(202);
        long sweep = created.getData().getId();
        assertThat(header(created, "Location")).isEqualTo("/api/sweeps/" + sweep);
        await().atMost(RUN).until(() -> sweeps.getSweep(sweep).getRanking().stream().allMatch(GeneratedClientContractTest::finished));
        assertThat(sweeps.getSweep(sweep).getRanking()).hasSize(2);
        assertImage(charts.getSweepComparisonChartWithHttpInfo(sweep, "valAcc", "std", null, null, null, null, "png", null, null, null), "png");
        assertImage(charts.getSweepFinalAccuracyChartWithHttpInfo(sweep, null, null, null, null, "svg", null, null, null), "svg");

        ApiResponse<SweepView> reference = sweeps.submitReferenceSweepWithHttpInfo(new ReferenceSweepRequest().epochs(1)
                .model("resnet-tiny").trainLimit(20).testLimit(10).batchSize(10).seed(1L));
        assertThat(reference.getStatusCode()).isEqualTo(202);
        assertThat(reference.getData().getRanking()).hasSize(5);
        for (ExperimentView queued : reference.getData().getRanking()) {
            ExperimentView cancelled = experiments.cancelExperiment(queued.getId());
            assertThat(cancelled.getStatus()).isIn(ExperimentView.StatusEnum.CANCELLED, ExperimentView.StatusEnum.RUNNING);
        }
        long referenceId = reference.getData().getId();
        await().atMost(RUN).until(() -> sweeps.getSweep(referenceId).getRanking().stream().allMatch(GeneratedClientContractTest::finished));
    }

    private void rangeTests() throws Exception {
        RangeTestRequest request = new RangeTestRequest().name("contract range test").model("resnet-tiny").trainLimit(40)
                .batchSize(10).seed(1L).minLr(1e-4).maxLr(1.0).iterations(5);
        ApiResponse<RangeTestView> created = rangeTests.submitRangeTestWithHttpInfo(request);
        assertThat(created.getStatusCode()).isEqualTo(202);
        long id = created.getData().getId();
        await().atMost(RUN).until(() -> rangeTests.getRangeTest(id).getStatus() == RangeTestView.StatusEnum.COMPLETED);
        RangeTestView done = rangeTests.getRangeTest(id);
        assertThat(done.getResult().getPoints()).isNotEmpty();
        assertThat(done.getSuggestedLr()).isPositive();
        assertImage(rangeTests.getRangeTestChartWithHttpInfo(id, 500, 300, null, true, "png"), "png");
        assertImage(rangeTests.getRangeTestChartWithHttpInfo(id, null, null, null, null, "svg"), "svg");

        long second = rangeTests.submitRangeTest(request.name("contract range test, cancelled")).getId();
        assertThat(rangeTests.cancelRangeTest(second).getStatus())
                .isIn(RangeTestView.StatusEnum.CANCELLED, RangeTestView.StatusEnum.RUNNING);
        assertProblem(() -> rangeTests.cancelRangeTest(id), 409, "conflict");
    }

    private void retryCancelAndDelete(long id) throws ApiException {
        ApiResponse<ExperimentView> retried = experiments.retryExperimentWithHttpInfo(id);
        assertThat(retried.getStatusCode()).isEqualTo(202);
        long copy = retried.getData().getId();
        assertThat(copy).isNotEqualTo(id);
        assertThat(retried.getData().getSpec().getSeed()).isEqualTo(experiments.getExperiment(id).getSpec().getSeed());
        experiments.cancelExperiment(copy);
        await().atMost(RUN).until(() -> finished(experiments.getExperiment(copy)));
        ApiResponse<Void> deleted = experiments.deleteExperimentWithHttpInfo(copy);
        assertThat(deleted.getStatusCode()).isEqualTo(204);
        assertProblem(() -> experiments.getExperiment(copy), 404, "not-found");
    }

    private void problems(long id) {
        Problem invalid = assertProblem(() -> experiments.submitExperiment(tiny("contract", 0)), 400, "invalid-input");
        assertThat(invalid.getErrors()).extracting(v -> v.getField()).contains("epochs");
        Problem badChart = assertProblem(() -> charts.getHistoryChart(id, 100, null, null, null, "gif", null, null, null), 400,
                "invalid-input");
        assertThat(badChart.getErrors()).extracting(v -> v.getField()).contains("width", "format");
        assertProblem(() -> experiments.cancelExperiment(id), 409, "conflict");
        assertProblem(() -> charts.getComparisonChart("999999999", null, null, null, null, null, null, null, null, null), 404,
                "not-found");
        List<String> huge = Collections.nCopies(100, "x".repeat(1000));
        assertProblem(() -> experiments.submitExperiment(tiny("contract", 1).tags(huge)), 413, "payload-too-large");
    }

    /** Every operation of the committed document answered at least one call with a 2xx. */
    private void everyOperationOfTheDocumentAnswered2xx() throws Exception {
        JsonNode document = json.readTree(Files.readString(OpenApiDocumentTest.CONTRACT));
        List<String> missing = new ArrayList<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            Pattern call = Pattern.compile(operation.getKey().toUpperCase() + " "
                    + path.getKey().replace(".", "\\.").replaceAll("\\{[^}]+}", "[^/]+") + " 2\\d\\d");
            synchronized (calls) {
                if (calls.stream().noneMatch(c -> call.matcher(c).matches())) {
                    missing.add(operation.getValue().get("operationId").asString());
                }
            }
        }));
        assertThat(missing).as("operations the scenario did not reach").isEmpty();
    }

    private static ExperimentRequest tiny(String tag, int epochs) {
        return new ExperimentRequest().name("contract").schedule("step").initialLr(0.05).epochs(epochs)
                .putScheduleParamsItem("dropEvery", 1).model("resnet-tiny").trainLimit(40).testLimit(20).batchSize(10)
                .seed(7L).tags(List.of(tag));
    }

    private static boolean finished(ExperimentView view) {
        return view.getStatus() != ExperimentView.StatusEnum.QUEUED && view.getStatus() != ExperimentView.StatusEnum.RUNNING;
    }

    private Problem assertProblem(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int status, String type) {
        ApiException e = catchThrowableOfType(ApiException.class, call);
        assertThat(e).as("answered with a problem " + status).isNotNull();
        assertThat(e.getCode()).as(e.getResponseBody()).isEqualTo(status);
        assertThat(e.getResponseHeaders().firstValue("Content-Type")).hasValue("application/problem+json");
        Problem problem = json.readValue(e.getResponseBody(), Problem.class);
        assertThat(problem.getStatus()).isEqualTo(status);
        assertThat(problem.getType()).hasToString("https://lrlab.io/problems/" + type);
        assertThat(problem.getTitle()).isNotBlank();
        return problem;
    }

    private static void assertImage(ApiResponse<File> response, String format) throws Exception {
        byte[] bytes = Files.readAllBytes(response.getData().toPath());
        if (format.equals("png")) {
            assertThat(header(response, "Content-Type")).isEqualTo("image/png");
            assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        } else {
            assertThat(header(response, "Content-Type")).startsWith("image/svg+xml");
            assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("<svg");
        }
    }

    private static String header(ApiResponse<?> response, String name) {
        return response.getHeaders().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0)).findFirst().orElseThrow(() -> new AssertionError("no " + name + " header"));
    }

    /** The events of a Server-Sent Events stream as (name, data) pairs. */
    private static List<String[]> serverSentEvents(File stream) throws Exception {
        List<String[]> events = new ArrayList<>();
        for (String block : Files.readString(stream.toPath(), StandardCharsets.UTF_8).split("\n\n")) {
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(5));
                }
            }
            if (!data.isEmpty()) {
                events.add(new String[] {name, data.toString()});
            }
        }
        return events;
    }
}
