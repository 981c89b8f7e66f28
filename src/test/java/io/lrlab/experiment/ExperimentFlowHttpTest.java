package io.lrlab.experiment;

import static io.lrlab.web.Http.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.LrlabHttpTest;
import io.lrlab.LrlabInstance;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Full flows over real HTTP, real H2, real training of a tiny network on real CIFAR-10 images. */
@LrlabHttpTest
class ExperimentFlowHttpTest {

    static LrlabInstance lrlab;

    static final String TINY = """
            "model": "resnet-tiny", "trainLimit": 40, "testLimit": 20, "batchSize": 20""";

    @BeforeEach
    void attach(@Autowired ConfigurableApplicationContext context) {
        lrlab = LrlabInstance.attach(context);
    }

    @Test
    void submitWatchEventsDownloadResultsRetryAndDelete() throws Exception {
        var response = lrlab.http.post("/api/experiments", """
                {"name": "flow", "schedule": "step", "initialLr": 0.05, "epochs": 3, "scheduleParams": {"dropEvery": 2},
                 "tags": ["flow"], %s}""".formatted(TINY));
        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode created = lrlab.json(response.body());
        long id = created.get("id").asLong();
        assertThat(response.headers().firstValue("Location")).hasValue("/api/experiments/" + id);
        assertThat(created.get("status").asString()).isIn("QUEUED", "RUNNING");
        assertThat(created.get("spec").get("scheduleParams").get("factor").asDouble()).isEqualTo(0.25);

        List<String> events = readEvents(id, Duration.ofSeconds(120));
        assertThat(events.stream().filter(e -> e.startsWith("epoch")).count()).isEqualTo(3);
        assertThat(events.get(events.size() - 1)).startsWith("status").contains("COMPLETED");

        JsonNode done = lrlab.get("/api/experiments/" + id);
        assertThat(done.get("progress").get("epochsCompleted").asInt()).isEqualTo(3);
        assertThat(done.get("results").get("bestValAcc").asDouble()).isBetween(0.0, 1.0);

        JsonNode metrics = lrlab.get("/api/experiments/" + id + "/metrics");
        assertThat(metrics).hasSize(3);
        // floor((1 + 2) / 2) = 1 drop at epoch 2
        assertThat(metrics.get(2).get("plannedLr").asDouble()).isEqualTo(0.05 * 0.25);
        assertThat(metrics.get(2).get("actualLr").asDouble()).isEqualTo(metrics.get(2).get("plannedLr").asDouble());

        var csv = lrlab.http.get("/api/experiments/" + id + "/metrics", "text/csv");
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(text(csv).lines().toList()).hasSize(4).first().isEqualTo(MetricsCsv.HEADER);

        JsonNode report = lrlab.get("/api/experiments/" + id + "/report");
        assertThat(report.get("classes")).hasSize(10);
        assertThat(report.get("support").asInt()).isEqualTo(20);
        assertThat(text(lrlab.http.get("/api/experiments/" + id + "/report", "text/plain"))).contains("weighted avg");

        var model = lrlab.http.get("/api/experiments/" + id + "/model");
        assertThat(model.statusCode()).isEqualTo(200);
        assertThat(model.body().length).isGreaterThan(1000);

        assertThat(lrlab.http.post("/api/experiments/" + id + "/cancel", "").statusCode()).isEqualTo(409);
        var retry = lrlab.http.post("/api/experiments/" + id + "/retry", "");
        assertThat(retry.statusCode()).isEqualTo(202);
        long retried = lrlab.json(retry.body()).get("id").asLong();
        assertThat(retried).isNotEqualTo(id);
        assertThat(lrlab.get("/api/experiments/" + retried).get("spec").get("schedule").asString()).isEqualTo("step");

        assertThat(lrlab.http.delete("/api/experiments/" + id).statusCode()).isEqualTo(204);
        assertThat(lrlab.http.get("/api/experiments/" + id).statusCode()).isEqualTo(404);
        assertThat(lrlab.get("/api/experiments?tag=flow").get("content")).extracting(n -> n.get("id").asLong()).contains(retried);
        LrlabInstance.await("the retry to finish", Duration.ofSeconds(120), () -> !lrlab.status(retried).matches("QUEUED|RUNNING"));
    }

    @Test
    void aRetryWithTheSameSeedReproducesTheMetricsAndBothRecordWhatProducedThem() {
        long first = lrlab.submit("""
                {"name": "reproduce", "schedule": "linear", "initialLr": 0.05, "epochs": 2, "seed": 7, %s}""".formatted(TINY));
        LrlabInstance.await("the first run", Duration.ofSeconds(120), () -> lrlab.status(first).equals("COMPLETED"));
        long second = lrlab.json(lrlab.http.post("/api/experiments/" + first + "/retry", "").body()).get("id").asLong();
        LrlabInstance.await("the retry", Duration.ofSeconds(120), () -> lrlab.status(second).equals("COMPLETED"));

        JsonNode a = lrlab.get("/api/experiments/" + first + "/metrics");
        JsonNode b = lrlab.get("/api/experiments/" + second + "/metrics");
        assertThat(b).hasSize(2);
        for (int e = 0; e < 2; e++) {
            for (String metric : List.of("trainLoss", "valLoss", "trainAcc", "valAcc", "actualLr")) {
                assertThat(b.get(e).get(metric).asDouble()).as("epoch %d %s", e, metric).isEqualTo(a.get(e).get(metric).asDouble());
            }
        }

        JsonNode provenance = lrlab.get("/api/experiments/" + second).get("provenance");
        assertThat(provenance.get("lrlabVersion").asString()).isNotBlank();
        assertThat(provenance.get("dl4jVersion").asString()).isEqualTo("1.0.0-M2.1");
        assertThat(provenance.get("backend").asString()).isEqualToIgnoringCase("CPU");
        assertThat(provenance.get("nativeBuild").asString()).isNotBlank();
        assertThat(provenance.get("jvm").asString()).contains("17");
        assertThat(provenance.get("numerics").get("dataType").asString()).isEqualTo("FLOAT");
        assertThat(provenance.get("dataset").get("trainImages").asInt()).isEqualTo(40);
        assertThat(provenance.get("dataset").get("checksum").asString()).startsWith("sha256:")
                .isEqualTo(lrlab.get("/api/experiments/" + first).get("provenance").get("dataset").get("checksum").asString());
        assertThat(text(lrlab.http.get("/api/experiments/" + second + "/report", "text/plain"))).contains("Provenance").contains("checksum");
    }

    @Test
    void aPatienceRuleStopsAnExperimentEarlyAndItKeepsHistoryReportAndModel() {
        // minDelta 100: no later epoch counts as an improvement, so patience 1 stops the run after its second epoch
        long id = lrlab.submit("""
                {"name": "patience", "schedule": "none", "initialLr": 0.05, "epochs": 6, %s,
                 "earlyStopping": {"monitor": "train_loss", "patience": 1, "minDelta": 100}}""".formatted(TINY));
        LrlabInstance.await("the stop", Duration.ofSeconds(120), () -> lrlab.status(id).equals("STOPPED_EARLY"));
        JsonNode view = lrlab.get("/api/experiments/" + id);
        assertThat(view.get("progress").get("epochsCompleted").asInt()).isEqualTo(2);
        assertThat(view.get("error").asString()).contains("train_loss has not improved");
        assertThat(lrlab.get("/api/experiments/" + id + "/metrics")).hasSize(2);
        assertThat(lrlab.get("/api/experiments/" + id + "/report").get("classes")).hasSize(10);
        assertThat(lrlab.http.get("/api/experiments/" + id + "/model").statusCode()).isEqualTo(200);
        assertThat(lrlab.http.post("/api/experiments", "{\"schedule\": \"none\", \"initialLr\": 0.1, \"epochs\": 2, "
                + "\"earlyStopping\": {\"monitor\": \"speed\"}}").statusCode()).isEqualTo(400);
    }

    @Test
    void medianStoppingPrunesADeliberatelyBadConfigurationAndTheSweepShowsTheSavedBudget() {
        var response = lrlab.http.post("/api/sweeps", """
                {"name": "median", "schedules": ["none"], "initialLrs": [0.05, 0.000001], "epochs": 6, %s,
                 "medianStopping": {"monitor": "train_loss", "graceEpochs": 1}}""".formatted(TINY));
        assertThat(response.statusCode()).as(text(response)).isEqualTo(202);
        long sweep = lrlab.json(response.body()).get("id").asLong();
        LrlabInstance.await("the sweep", Duration.ofSeconds(180), () -> {
            for (JsonNode e : lrlab.get("/api/sweeps/" + sweep).get("ranking")) {
                if (!e.get("status").asString().matches("COMPLETED|PRUNED|STOPPED_EARLY|FAILED|DIVERGED")) {
                    return false;
                }
            }
            return true;
        });
        JsonNode view = lrlab.get("/api/sweeps/" + sweep);
        JsonNode good = null;
        JsonNode bad = null;
        for (JsonNode e : view.get("ranking")) {
            if (e.get("spec").get("initialLr").asDouble() == 0.05) {
                good = e;
            } else {
                bad = e;
            }
        }
        assertThat(good.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(bad.get("status").asString()).isEqualTo("PRUNED");
        assertThat(bad.get("error").asString()).contains("worse than the median");
        int trained = bad.get("progress").get("epochsCompleted").asInt();
        assertThat(trained).isBetween(2, 5);
        JsonNode budget = view.get("budget");
        assertThat(budget.get("plannedEpochs").asLong()).isEqualTo(12);
        assertThat(budget.get("savedEpochs").asLong()).isEqualTo(6 - trained);
        assertThat(budget.get("pruned").asInt()).isEqualTo(1);
    }

    @Test
    void aRangeTestRunsOnTheWorkersAndSuggestsARateWithAReadyExperiment() {
        var created = lrlab.http.post("/api/range-tests", """
                {"model": "resnet-tiny", "trainLimit": 100, "batchSize": 20, "minLr": 0.0001, "maxLr": 1000, "iterations": 60}""");
        assertThat(created.statusCode()).as(text(created)).isEqualTo(202);
        long id = lrlab.json(created.body()).get("id").asLong();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/range-tests/" + id);
        LrlabInstance.await("the range test", Duration.ofSeconds(120), () -> lrlab.status(id).equals("COMPLETED"));

        JsonNode test = lrlab.get("/api/range-tests/" + id);
        assertThat(test.get("suggestedLr").asDouble()).isBetween(0.0001, 1000.0);
        assertThat(test.get("stopReason").asString()).contains("smoothed loss exceeded");
        assertThat(test.get("result").get("points").size()).isBetween(3, 59);
        JsonNode body = test.get("experimentBody");
        assertThat(body.get("model").asString()).isEqualTo("resnet-tiny");
        var experiment = lrlab.http.post("/api/experiments", body.toString().replace("\"epochs\":100", "\"epochs\":1"));
        assertThat(experiment.statusCode()).as("the ready body queues as it is: " + text(experiment)).isEqualTo(202);
        lrlab.http.post("/api/experiments/" + lrlab.json(experiment.body()).get("id").asLong() + "/cancel", "");

        var chart = lrlab.http.get("/api/range-tests/" + id + "/chart.png");
        assertThat(chart.statusCode()).isEqualTo(200);
        assertThat(chart.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(lrlab.http.get("/api/experiments/" + id + "/report").statusCode()).isEqualTo(404);
        assertThat(lrlab.http.post("/api/range-tests", "{\"minLr\": 0.1, \"maxLr\": 0.01}").statusCode()).isEqualTo(400);
        assertThat(lrlab.http.get("/api/range-tests/987654").statusCode()).isEqualTo(404);
    }

    @Test
    void aRunningExperimentCanBeCancelledAndNotDeleted() {
        long id = lrlab.submit("""
                {"schedule": "none", "initialLr": 0.05, "epochs": 500, %s}""".formatted(TINY));
        LrlabInstance.await("RUNNING", Duration.ofSeconds(120), () -> lrlab.status(id).equals("RUNNING"));
        var delete = lrlab.http.delete("/api/experiments/" + id);
        assertThat(delete.statusCode()).isEqualTo(409);
        assertThat(lrlab.json(delete.body()).get("type").asString()).endsWith("/conflict");
        assertThat(lrlab.http.post("/api/experiments/" + id + "/cancel", "").statusCode()).isEqualTo(200);
        LrlabInstance.await("CANCELLED", Duration.ofSeconds(30), () -> lrlab.status(id).equals("CANCELLED"));
        assertThat(lrlab.http.delete("/api/experiments/" + id).statusCode()).isEqualTo(204);
    }

    @Test
    void aSweepIsRankedByBestValidationAccuracy() {
        var response = lrlab.http.post("/api/sweeps", """
                {"name": "grid", "schedules": ["linear", "none"], "initialLrs": [0.02, 0.1], "epochs": 2, %s}""".formatted(TINY));
        assertThat(response.statusCode()).as(text(response)).isEqualTo(202);
        long sweep = lrlab.json(response.body()).get("id").asLong();
        assertThat(lrlab.json(response.body()).get("size").asInt()).isEqualTo(4);
        LrlabInstance.await("the sweep", Duration.ofSeconds(180), () -> {
            JsonNode ranking = lrlab.get("/api/sweeps/" + sweep).get("ranking");
            for (JsonNode e : ranking) {
                if (!e.get("status").asString().equals("COMPLETED")) {
                    return false;
                }
            }
            return true;
        });
        List<Double> best = new ArrayList<>();
        lrlab.get("/api/sweeps/" + sweep).get("ranking").forEach(e -> best.add(e.get("results").get("bestValAcc").asDouble()));
        assertThat(best).hasSize(4).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void badInputIsRefusedWithTheRightStatusAndField() {
        assertProblem(lrlab.http.post("/api/experiments", "{\"schedule\": \"step\", \"initialLr\": 0.1, \"epochs\": 5, \"status\": \"COMPLETED\"}"),
                400, "status");
        assertProblem(lrlab.http.post("/api/experiments", "{\"initialLr\": 0.1, \"epochs\": 5}"), 400, "schedule");
        assertProblem(lrlab.http.post("/api/experiments", "{\"schedule\": \"step\", \"initialLr\": 0, \"epochs\": 5}"), 400, "initialLr");
        assertProblem(lrlab.http.post("/api/experiments", "{\"schedule\": \"step\", \"initialLr\": 0.1, \"epochs\": 5, \"model\": \"vgg\"}"),
                400, "model");
        assertProblem(lrlab.http.post("/api/experiments", "{\"schedule\": \"step\", \"initialLr\": 0.1, \"epochs\": 5, \"batchSize\": 0}"),
                400, "batchSize");
        assertProblem(lrlab.http.post("/api/experiments", "{\"schedule\": \"step\", \"initialLr\": \"fast\", \"epochs\": 5}"), 400, "initialLr");
        assertProblem(lrlab.http.post("/api/experiments", "{not json"), 400, "body");
        assertProblem(lrlab.http.get("/api/experiments/abc"), 400, "id");
        assertProblem(lrlab.http.get("/api/experiments?size=1000"), 400, "size");
        assertProblem(lrlab.http.get("/api/experiments?sort=password"), 400, "sort");
        assertProblem(lrlab.http.get("/api/experiments?status=SLEEPING"), 400, "status");
        var missing = lrlab.http.get("/api/experiments/987654");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        var budget = lrlab.http.post("/api/experiments", "{\"schedule\": \"step\", \"initialLr\": 0.1, \"epochs\": 1000}");
        assertThat(budget.statusCode()).isEqualTo(400);
        assertThat(text(budget)).contains("over-budget").contains("budget is");

        var large = lrlab.http.post("/api/experiments", "{\"name\": \"" + "x".repeat(70_000) + "\"}");
        assertThat(large.statusCode()).isEqualTo(413);
    }

    private static void assertProblem(HttpResponse<byte[]> response, int status, String field) {
        assertThat(response.statusCode()).as(text(response)).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode body = lrlab.json(response.body());
        assertThat(body.get("errors")).as(text(response)).isNotNull();
        assertThat(body.get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertThat(text(response)).doesNotContain("Exception");
    }

    /** Reads the SSE stream until it closes: lines "event-name: data". */
    private static List<String> readEvents(long id, Duration timeout) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(lrlab.http.uri("/api/experiments/" + id + "/events"))
                .header("Accept", "text/event-stream").timeout(timeout).GET().build();
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> events = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String event = null;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:") && event != null) {
                    events.add(event + ": " + line.substring(5).trim());
                }
            }
        }
        return events;
    }

    @Test
    void anExperimentTrainsInThePrecisionItNamesOnAWorkerThatHasIt() {
        var bad = lrlab.http.post("/api/experiments", """
                {"schedule": "none", "initialLr": 0.05, "epochs": 1, "precision": "fp16", %s}""".formatted(TINY));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(text(bad)).contains("precision", "float32", "bfloat16");

        // the bfloat16 one first: a worker without bfloat16 kernels must pass it by, not wait behind it
        long bf16 = lrlab.submit("""
                {"name": "in bfloat16", "schedule": "none", "initialLr": 0.05, "epochs": 1, "precision": "bfloat16", %s}""".formatted(TINY));
        long f32 = lrlab.submit("""
                {"name": "in float32", "schedule": "none", "initialLr": 0.05, "epochs": 1, "precision": "float32", %s}""".formatted(TINY));
        assertThat(lrlab.get("/api/experiments/" + bf16).get("spec").get("precision").asString()).isEqualTo("bfloat16");
        LrlabInstance.await("the float32 run", Duration.ofSeconds(120), () -> lrlab.status(f32).equals("COMPLETED"));
        assertThat(lrlab.get("/api/experiments/" + f32).get("provenance").get("numerics").get("kernelArithmetic").asString()).isEqualTo("f32");
        assertThat(lrlab.get("/api/experiments/" + f32).get("provenance").get("precision").asString()).isEqualTo("float32");
        JsonNode workers = lrlab.get("/api/workers");
        List<String> precisions = new ArrayList<>();
        workers.get(0).get("precisions").forEach(p -> precisions.add(p.asString()));
        if (io.lrlab.kernel.KernelPrecision.bf16Available()) {
            assertThat(precisions).containsExactly("float32", "bfloat16");
            LrlabInstance.await("the bfloat16 run", Duration.ofSeconds(120), () -> lrlab.status(bf16).equals("COMPLETED"));
            JsonNode provenance = lrlab.get("/api/experiments/" + bf16).get("provenance");
            assertThat(provenance.get("precision").asString()).isEqualTo("bfloat16");
            assertThat(provenance.get("numerics").get("kernelArithmetic").asString()).startsWith("bf16 products in convolutions");
        } else {
            // this CPU has no AVX512_BF16 or AMX: its worker passes the experiment by, and says so in /api/workers
            System.out.println("no bfloat16 kernels on this CPU: the bfloat16 experiment stays queued, as it should");
            assertThat(precisions).containsExactly("float32");
            assertThat(lrlab.status(bf16)).isEqualTo("QUEUED");
            assertThat(lrlab.http.post("/api/experiments/" + bf16 + "/cancel", "").statusCode()).isLessThan(300);
        }
    }

    @Test
    void aSweepOverBothPrecisionsComparesThemLikeTwoConfigurations() {
        var response = lrlab.http.post("/api/sweeps", """
                {"name": "fidelity", "schedules": ["step"], "initialLrs": [0.05], "seeds": [1, 2], "epochs": 1,
                 "precisions": ["float32", "bfloat16"], %s}""".formatted(TINY));
        assertThat(response.statusCode()).isEqualTo(202);
        long sweep = lrlab.json(response.body()).get("id").asLong();
        JsonNode ranking = lrlab.get("/api/sweeps/" + sweep).get("ranking");
        assertThat(ranking).hasSize(4);
        List<String> names = new ArrayList<>();
        ranking.forEach(e -> names.add(e.get("name").asString() + " / " + e.get("spec").get("precision").asString()));
        assertThat(names).containsExactlyInAnyOrder("fidelity: step lr=0.05 float32 seed=1 / float32", "fidelity: step lr=0.05 float32 seed=2 / float32",
                "fidelity: step lr=0.05 bfloat16 seed=1 / bfloat16", "fidelity: step lr=0.05 bfloat16 seed=2 / bfloat16");
        if (!io.lrlab.kernel.KernelPrecision.bf16Available()) {
            System.out.println("no bfloat16 kernels on this CPU: the sweep's bfloat16 half cannot train here");
            ranking.forEach(e -> lrlab.http.post("/api/experiments/" + e.get("id").asLong() + "/cancel", ""));
            return;
        }
        LrlabInstance.await("the sweep", Duration.ofSeconds(180), () -> {
            JsonNode r = lrlab.get("/api/sweeps/" + sweep).get("ranking");
            for (JsonNode e : r) {
                if (!e.get("status").asString().equals("COMPLETED")) {
                    return false;
                }
            }
            return true;
        });
        List<String> configurations = new ArrayList<>();
        lrlab.get("/api/sweeps/" + sweep).get("configurations").forEach(c -> configurations.add(c.get("configuration").asString()
                + " n=" + c.get("completed").asInt()));
        assertThat(configurations).containsExactlyInAnyOrder("step lr=0.05 float32 n=2", "step lr=0.05 bfloat16 n=2");
    }
}
