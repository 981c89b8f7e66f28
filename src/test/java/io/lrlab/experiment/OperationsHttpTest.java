package io.lrlab.experiment;

import static io.lrlab.web.Http.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.LrlabHttpTest;
import io.lrlab.LrlabInstance;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** What an operator sees while an experiment trains: actuator health with its parts, probes, and Prometheus figures. */
@LrlabHttpTest
class OperationsHttpTest {

    @Autowired
    ConfigurableApplicationContext context;

    @Test
    void healthAndPrometheusShowTheRunningExperiment() {
        LrlabInstance lrlab = LrlabInstance.attach(context);
        long id = lrlab.submit("""
                {"name": "ops", "schedule": "none", "initialLr": 0.05, "epochs": 300, "model": "resnet-tiny",
                 "trainLimit": 100, "testLimit": 20, "batchSize": 10}""");
        LrlabInstance.await("an epoch of the running experiment", Duration.ofSeconds(120),
                () -> lrlab.get("/api/experiments/" + id).get("progress").get("epochsCompleted").asInt() >= 1);

        JsonNode health = lrlab.get("/actuator/health");
        assertThat(health.get("status").asString()).isEqualTo("UP");
        JsonNode parts = health.get("components");
        assertThat(parts.get("db").get("status").asString()).isEqualTo("UP");
        assertThat(parts.get("worker").get("details").get("training").asLong()).isEqualTo(id);
        assertThat(parts.get("backend").get("details").get("backend").asString()).isEqualToIgnoringCase("CPU");
        assertThat(parts.get("backend").get("details").get("build").asString()).isNotBlank();
        assertThat(parts.get("dataDir").get("details").get("free").asLong()).isPositive();
        assertThat(lrlab.http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(lrlab.http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);

        JsonNode workers = lrlab.get("/api/workers");
        assertThat(workers).hasSize(1);
        assertThat(workers.get(0).get("id").asString()).isEqualTo(parts.get("worker").get("details").get("id").asString());
        assertThat(workers.get(0).get("experiment").asLong()).isEqualTo(id);
        assertThat(workers.get(0).get("lastSeen").asString()).isNotBlank();

        String metrics = text(lrlab.http.get("/actuator/prometheus"));
        assertThat(gauge(metrics, "lrlab_experiments_running")).isGreaterThanOrEqualTo(1);
        assertThat(gauge(metrics, "lrlab_queue_depth")).isGreaterThanOrEqualTo(0);
        assertThat(gauge(metrics, "lrlab_training_images_per_second")).isPositive();
        assertThat(metrics).contains("lrlab_epoch_duration_seconds_count");

        assertThat(lrlab.http.post("/api/experiments/" + id + "/cancel", "").statusCode()).isEqualTo(200);
        LrlabInstance.await("CANCELLED", Duration.ofSeconds(60), () -> lrlab.status(id).equals("CANCELLED"));
        assertThat(text(lrlab.http.get("/actuator/prometheus"))).containsPattern("lrlab_experiments_finished_total\\{[^}]*status=\"CANCELLED\"");
        assertThat(lrlab.http.get("/actuator/env").statusCode()).as("only health, info and prometheus are exposed").isEqualTo(404);
    }

    private static double gauge(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(metrics);
        assertThat(m.find()).as(name + " in\n" + metrics.lines().filter(l -> l.startsWith("lrlab")).toList()).isTrue();
        return Double.parseDouble(m.group(2));
    }
}
