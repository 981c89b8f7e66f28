package io.lrlab.study;

import static io.lrlab.web.Http.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.LrlabHttpTest;
import io.lrlab.LrlabInstance;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** A study over real HTTP with real training of a tiny network: sampled, halved, paused, promoted, confirmed. */
@LrlabHttpTest
class StudyHttpTest {

    static LrlabInstance lrlab;

    static final String TINY = """
            "model": "resnet-tiny", "trainLimit": 40, "testLimit": 20, "batchSize": 20""";

    @BeforeEach
    void attach(@Autowired ConfigurableApplicationContext context) {
        lrlab = LrlabInstance.attach(context);
    }

    @Test
    void aSuccessiveHalvingStudyPausesPromotesPrunesAndConfirmsItsBest() throws Exception {
        var response = lrlab.http.post("/api/studies", """
                {"name": "halving", "space": {"schedule": ["step", "linear", "cosine"],
                   "initialLr": {"low": 0.01, "high": 0.2},
                   "scheduleParams": {"step": {"dropEvery": {"values": [1, 2]}}}},
                 "epochs": 4, "sampler": "random", "seed": 3, "pruner": {"type": "asha", "minEpochs": 1, "eta": 2},
                 "budget": {"trials": 4}, "parallelism": 2, "seeds": [1, 2], %s}""".formatted(TINY));
        assertThat(response.statusCode()).as(text(response)).isEqualTo(202);
        JsonNode created = lrlab.json(response.body());
        long id = created.get("id").asLong();
        assertThat(response.headers().firstValue("Location")).hasValue("/api/studies/" + id);
        assertThat(created.get("trials")).hasSize(2);
        assertThat(created.get("rungEpochs").toString()).isEqualTo("[1,2]");

        LrlabInstance.await("the study", Duration.ofSeconds(300), () -> "COMPLETED".equals(lrlab.get("/api/studies/" + id).get("state").asString()));
        JsonNode study = lrlab.get("/api/studies/" + id);
        List<JsonNode> trials = StreamSupport.stream(study.get("trials").spliterator(), false).toList();
        List<JsonNode> search = trials.stream().filter(t -> t.get("kind").asString().equals("search")).toList();
        List<JsonNode> confirm = trials.stream().filter(t -> t.get("kind").asString().equals("confirm")).toList();
        assertThat(search).hasSize(4);
        assertThat(confirm).hasSize(2);

        for (JsonNode t : search) {
            String status = t.get("status").asString();
            assertThat(status).isIn("COMPLETED", "PRUNED");
            int epochs = t.get("epochsCompleted").asInt();
            assertThat(epochs).isIn(1, 2, 4);
            assertThat(status.equals("COMPLETED")).isEqualTo(epochs == 4);
            assertThat(t.get("atRungs").size()).isEqualTo(epochs == 4 ? 2 : epochs);
            // a trial paused at a rung and promoted went on from its checkpoint: every epoch once, in order
            JsonNode metrics = lrlab.get("/api/experiments/" + t.get("experimentId").asLong() + "/metrics");
            assertThat(metrics).hasSize(epochs);
            for (int e = 0; e < epochs; e++) {
                assertThat(metrics.get(e).get("epoch").asInt()).isEqualTo(e);
            }
            JsonNode experiment = lrlab.get("/api/experiments/" + t.get("experimentId").asLong());
            assertThat(experiment.get("spec").get("tags").toString()).contains("study-" + id);
        }
        // each rung's final best floor(n / eta) went on, whatever order the trials reached it in
        for (int rung = 0; rung < 2; rung++) {
            int r = rung;
            List<JsonNode> at = new ArrayList<>(search.stream().filter(t -> t.get("atRungs").size() > r).toList());
            // ranked as the study ranks them: by value, ties to the lower trial number
            at.sort(Comparator.comparingDouble((JsonNode t) -> t.get("atRungs").get(r).asDouble()).reversed()
                    .thenComparingInt(t -> t.get("number").asInt()));
            for (JsonNode best : at.subList(0, at.size() / 2)) {
                assertThat(best.get("rungs").asInt()).as("trial %s at rung %d", best.get("number"), r).isGreaterThan(r);
            }
        }
        assertThat(search.stream().filter(t -> t.get("status").asString().equals("COMPLETED"))).isNotEmpty();

        JsonNode best = study.get("best");
        assertThat(best.get("confirmation").get("n").asInt()).isEqualTo(2);
        assertThat(best.get("confirmationExperiments")).hasSize(2);
        for (JsonNode c : confirm) {
            assertThat(c.get("status").asString()).isEqualTo("COMPLETED");
            assertThat(c.get("params")).isEqualTo(best.get("params"));
        }
        JsonNode budget = study.get("budget");
        assertThat(budget.get("trials").asInt()).isEqualTo(4);
        assertThat(budget.get("fullEpochs").asLong()).isEqualTo(16);
        long trained = search.stream().mapToLong(t -> t.get("epochsCompleted").asLong()).sum();
        assertThat(budget.get("epochsTrained").asLong()).isEqualTo(trained);
        assertThat(budget.get("savedEpochs").asLong()).isEqualTo(16 - trained);
        assertThat(study.get("rungs").get(0).get("reached").asInt()).isEqualTo(4);

        JsonNode list = lrlab.get("/api/studies");
        assertThat(StreamSupport.stream(list.spliterator(), false).map(s -> s.get("id").asLong())).contains(id);
        assertThat(lrlab.http.post("/api/studies/" + id + "/cancel", "").statusCode()).isEqualTo(409);
    }

    /**
     * With one worker and a fixed seed a study is a function of its request: TPE (past its 10 random trials) fitted on
     * the same finished trials, the same verdicts at the rungs, the same trials in the end.
     */
    @Test
    void aSeededStudyOnOneWorkerRepeatsItself() {
        String body = """
                {"name": "repeat", "space": {"schedule": ["step", "linear", "cosine"], "initialLr": {"low": 0.005, "high": 0.3}},
                 "epochs": 2, "sampler": "tpe", "seed": 5, "pruner": {"type": "asha", "minEpochs": 1, "eta": 2},
                 "budget": {"trials": 13}, "parallelism": 2, %s}""".formatted(TINY);
        List<String> first = trialsOf(runToTheEnd(body));
        List<String> second = trialsOf(runToTheEnd(body));
        assertThat(first).hasSize(13);
        assertThat(second).isEqualTo(first);
    }

    private static long runToTheEnd(String body) {
        var response = lrlab.http.post("/api/studies", body);
        assertThat(response.statusCode()).as(text(response)).isEqualTo(202);
        long id = lrlab.json(response.body()).get("id").asLong();
        LrlabInstance.await("the study", Duration.ofSeconds(300), () -> "COMPLETED".equals(lrlab.get("/api/studies/" + id).get("state").asString()));
        return id;
    }

    /** Each trial's parameters, outcome, epochs and values: everything but its experiment's id. */
    private static List<String> trialsOf(long study) {
        return StreamSupport.stream(lrlab.get("/api/studies/" + study).get("trials").spliterator(), false)
                .map(t -> t.get("params") + " " + t.get("status").asString() + " " + t.get("epochsCompleted") + " " + t.get("atRungs")
                        + " " + t.get("value"))
                .toList();
    }

    @Test
    void aCancelledStudyCancelsItsTrials() throws Exception {
        var response = lrlab.http.post("/api/studies", """
                {"name": "cancelled", "space": {"schedule": ["none"], "initialLr": {"values": [0.01, 0.02, 0.05]}},
                 "epochs": 50, "sampler": "grid", "parallelism": 3, %s}""".formatted(TINY));
        assertThat(response.statusCode()).as(text(response)).isEqualTo(202);
        long id = lrlab.json(response.body()).get("id").asLong();
        JsonNode cancelled = lrlab.json(lrlab.http.post("/api/studies/" + id + "/cancel", "").body());
        assertThat(cancelled.get("state").asString()).isEqualTo("CANCELLED");
        LrlabInstance.await("the trials' end", Duration.ofSeconds(60), () -> StreamSupport.stream(
                lrlab.get("/api/studies/" + id).get("trials").spliterator(), false).allMatch(t -> t.get("status").asString().equals("CANCELLED")));
        assertThat(lrlab.get("/api/studies/" + id).get("budget").get("gridEpochs").asLong()).isEqualTo(150);
    }

    @Test
    void aBrokenStudyIsRefusedNamingTheField() {
        String base = """
                "epochs": 4, %s""".formatted(TINY);
        assertProblem("""
                {"space": {"schedule": ["step"], "initialLr": {"low": 0.5, "high": 0.1}}, %s}""".formatted(base), "space.initialLr");
        assertProblem("""
                {"space": {"schedule": ["step", "sometimes"], "initialLr": {"values": [0.1]}}, %s}""".formatted(base), "space.schedule[1]");
        assertProblem("""
                {"space": {"schedule": ["step"], "initialLr": {"values": [0.1]},
                  "scheduleParams": {"step": {"nope": {"values": [1]}}}}, %s}""".formatted(base), "space.scheduleParams.step.nope");
        assertProblem("""
                {"space": {"schedule": ["step"], "initialLr": {"values": [0.1]},
                  "scheduleParams": {"linear": {"factor": {"values": [1]}}}}, %s}""".formatted(base), "space.scheduleParams.linear");
        assertProblem("""
                {"space": {"schedule": ["step"], "initialLr": {"values": [0.1]},
                  "scheduleParams": {"step": {"factor": {"low": 0.5, "high": 2}}}}, %s}""".formatted(base), "space.scheduleParams.step.factor.high");
        assertProblem("""
                {"space": {"schedule": ["step"], "initialLr": {"values": []}}, %s}""".formatted(base), "space.initialLr.values");
        assertProblem("""
                {"space": {"schedule": ["step"]}, %s}""".formatted(base), "space.initialLr");
        assertProblem("""
                {"space": {"schedule": ["step"], "initialLr": {"low": 0.01, "high": 0.1}}, "sampler": "grid", %s}""".formatted(base),
                "space.initialLr");
        assertProblem("""
                {"space": {"schedule": ["step"], "initialLr": {"values": [0.1]}}, "pruner": {"type": "asha", "minEpochs": 2},
                 "budget": {"epochs": 1}, %s}""".formatted(base), "budget.epochs");
        assertProblem("""
                {"space": {"schedule": ["step"], "initialLr": {"values": [0.1]}}, "pruner": {"type": "asha", "minEpochs": 4}, %s}"""
                .formatted(base), "pruner.minEpochs");
        assertProblem("""
                {"space": {"schedule": ["step"], "initialLr": {"values": [0.1]}}, "pruner": {"type": "asha", "eta": 1}, %s}"""
                .formatted(base), "pruner.eta");
        assertProblem("""
                {"space": {"schedule": ["step"], "initialLr": {"values": [0.1]}}, "model": "resnet-9000", "epochs": 4}""", "model");
        assertThat(lrlab.http.get("/api/studies/987654").statusCode()).isEqualTo(404);
    }

    private static void assertProblem(String body, String field) {
        io.lrlab.web.Http.assertInvalid(lrlab.http.post("/api/studies", body), field);
    }
}
