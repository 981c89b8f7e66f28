package io.lrlab.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.LrlabHttpTest;
import io.lrlab.LrlabInstance;
import io.lrlab.web.Http;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The corpus grown from the OpenAPI document ({@link SchemaCorpus}) against one process over real HTTP: no request,
 * however hostile, gets a 5xx, and every 400 names the field or parameter it is about. Requests the API accepts (an empty
 * tag list is valid) are cancelled at once, studies with their trials, so nothing trains for long.
 */
@LrlabHttpTest
class SchemaCorpusHttpTest {

    /** Valid and cheap: tiny networks, a handful of images, one epoch. */
    private static final Map<String, String> VALID = Map.of(
            "ExperimentRequest", """
                    {"name": "corpus", "schedule": "step", "initialLr": 0.1, "epochs": 1, "scheduleParams": {"factor": 0.5},
                     "model": "resnet-tiny", "batchSize": 10, "momentum": 0.9, "weightDecay": 0.0001, "dataset": "cifar10",
                     "trainLimit": 20, "testLimit": 10, "seed": 1, "tags": ["corpus"], "priority": -100,
                     "earlyStopping": {"monitor": "val_loss", "patience": 2, "minDelta": 0}, "augment": false}""",
            "SweepRequest", """
                    {"name": "corpus", "schedules": ["step"], "initialLrs": [0.1], "seeds": [1], "epochs": 1,
                     "scheduleParams": {"step": {"factor": 0.5}}, "model": "resnet-tiny", "batchSize": 10, "momentum": 0.9,
                     "weightDecay": 0.0001, "trainLimit": 20, "testLimit": 10, "tags": ["corpus"], "priority": -100,
                     "medianStopping": {"monitor": "val_acc", "graceEpochs": 1}}""",
            "ReferenceSweepRequest", """
                    {"epochs": 1, "model": "resnet-tiny", "trainLimit": 20, "testLimit": 10, "batchSize": 10, "seed": 1}""",
            "RangeTestRequest", """
                    {"name": "corpus", "model": "resnet-tiny", "trainLimit": 20, "batchSize": 10, "seed": 1, "minLr": 0.00001,
                     "maxLr": 1, "iterations": 5}""");

    @LocalServerPort
    int port;

    @Test
    void noRequestGrownFromTheSchemaGetsA5xxAndEvery400NamesItsField() {
        Http http = new Http(port);
        JsonNode document = LrlabInstance.JSON.readTree(http.get("/v3/api-docs").body());
        long existing = LrlabInstance.JSON.readTree(http.post("/api/experiments", VALID.get("ExperimentRequest")).body()).get("id").asLong();
        http.post("/api/experiments/" + existing + "/cancel", "");

        List<SchemaCorpus.Probe> probes = new SchemaCorpus(document, VALID).probes(existing);
        List<String> failures = new ArrayList<>();
        for (SchemaCorpus.Probe probe : probes) {
            HttpResponse<byte[]> response = send(http, probe);
            String text = Http.text(response);
            if (response.statusCode() >= 500) {
                failures.add(response.statusCode() + " for " + probe + ": " + text.lines().findFirst().orElse(""));
            } else if (response.statusCode() == 400 && !namesField(text, probe.field()) && !rejectedUrl(probe, text)) {
                failures.add("400 without the field for " + probe + ": " + text);
            }
            if (response.statusCode() / 100 == 2 && probe.method().equals("POST")) {
                cancelEverythingQueued(http);
            }
        }
        cancelEverythingQueued(http);
        System.out.printf("schema corpus: %d requests, %d failures%n", probes.size(), failures.size());
        failures.forEach(f -> System.out.println("  " + f));
        assertThat(probes).as("grown from the document").hasSizeGreaterThan(400);
        assertThat(failures).isEmpty();
        assertThat(http.get("/actuator/health").statusCode()).isEqualTo(200);
    }

    /** The problem names the field: by its path, its last segment, or (inside a list or map) its parent's name. */
    private static boolean namesField(String problem, String field) {
        String last = field.substring(field.lastIndexOf('.') + 1);
        String first = field.contains(".") ? field.substring(0, field.indexOf('.')) : field;
        return problem.contains(field) || problem.contains(last) || problem.contains(first);
    }

    /**
     * A path parameter the URL cannot carry (an encoded NUL) is refused by the container, before any field is known:
     * the probe attacked a path parameter (its value is in the path), with or without a body.
     */
    private static boolean rejectedUrl(SchemaCorpus.Probe probe, String problem) {
        boolean inPath = probe.path().contains(java.net.URLEncoder.encode(probe.value(), java.nio.charset.StandardCharsets.UTF_8));
        return inPath && problem.contains("its URL, path or headers cannot be accepted");
    }

    private static HttpResponse<byte[]> send(Http http, SchemaCorpus.Probe probe) {
        HttpRequest.Builder request = HttpRequest.newBuilder(http.uri(probe.path()));
        if (probe.body() != null) {
            request.header("Content-Type", "application/json")
                    .method(probe.method(), HttpRequest.BodyPublishers.ofString(probe.body()));
        } else {
            request.method(probe.method(), HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build());
    }

    /** Studies first, or they would sample new trials in place of the cancelled ones. */
    private static void cancelEverythingQueued(Http http) {
        LrlabInstance.JSON.readTree(http.get("/api/studies?limit=500").body()).forEach(s -> {
            if (List.of("SEARCHING", "CONFIRMING").contains(s.get("state").asString())) {
                http.post("/api/studies/" + s.get("id").asLong() + "/cancel", "");
            }
        });
        for (String status : List.of("QUEUED", "RUNNING", "PAUSED")) {
            JsonNode page = LrlabInstance.JSON.readTree(http.get("/api/experiments?status=" + status + "&size=100").body());
            page.path("content").forEach(e -> http.post("/api/experiments/" + e.get("id").asLong() + "/cancel", ""));
        }
    }
}
