package io.lrlab.study;

import static io.lrlab.web.Http.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lrlab.LrlabHttpTest;
import io.lrlab.LrlabInstance;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Population-based training over real HTTP with real training of a tiny network: members paused at every generation,
 * the bottom one restarted from the top one's checkpoint at a perturbed rate, the lineage exported and replayed.
 */
@LrlabHttpTest
class PopulationHttpTest {

    static LrlabInstance lrlab;

    /** Limits no other test uses, so that the hand-made baseline is the one this test trains. */
    static final String TINY = """
            "model": "resnet-tiny", "trainLimit": 42, "testLimit": 21, "batchSize": 21""";

    @BeforeEach
    void attach(@Autowired ConfigurableApplicationContext context) {
        lrlab = LrlabInstance.attach(context);
    }

    @Test
    void aPopulationExploitsRestartsAtThePerturbedRateAndItsScheduleReplaysEpochByEpoch() {
        var response = lrlab.http.post("/api/studies", """
                {"name": "pbt", "method": "pbt", "space": {"initialLr": {"low": 0.01, "high": 0.3}}, "epochs": 4, "seed": 7,
                 "population": {"size": 3, "interval": 1, "quantile": 0.34, "resampleProbability": 0.0}, %s}""".formatted(TINY));
        assertThat(response.statusCode()).as(text(response)).isEqualTo(202);
        long id = lrlab.json(response.body()).get("id").asLong();
        assertThat(lrlab.http.get("/api/studies/" + id + "/schedule").statusCode()).isEqualTo(409);
        LrlabInstance.await("the population", Duration.ofSeconds(300),
                () -> "COMPLETED".equals(lrlab.get("/api/studies/" + id).get("state").asString()));

        JsonNode study = lrlab.get("/api/studies/" + id);
        assertThat(study.get("method").asString()).isEqualTo("pbt");
        List<JsonNode> members = StreamSupport.stream(study.get("trials").spliterator(), false).toList();
        assertThat(members).hasSize(3).allSatisfy(m -> {
            assertThat(m.get("status").asString()).isEqualTo("COMPLETED");
            assertThat(m.get("epochsCompleted").asInt()).isEqualTo(4);
        });
        Map<Integer, Long> experimentOf = new HashMap<>();
        members.forEach(m -> experimentOf.put(m.get("number").asInt(), m.get("experimentId").asLong()));
        Map<Long, JsonNode> metrics = new HashMap<>();
        experimentOf.values().forEach(e -> metrics.put(e, lrlab.get("/api/experiments/" + e + "/metrics")));

        // three generations (after epochs 1, 2 and 3), each deciding every member once
        List<JsonNode> exploits = StreamSupport.stream(study.get("exploits").spliterator(), false).toList();
        assertThat(exploits).hasSize(9);
        for (int g = 0; g < 3; g++) {
            int generation = g;
            List<JsonNode> decided = exploits.stream().filter(x -> x.get("generation").asInt() == generation).toList();
            assertThat(decided).hasSize(3).allSatisfy(x -> assertThat(x.get("epochs").asInt()).isEqualTo(generation + 1));
            // the worst member took the best one's weights; the value recorded is the member's own at the boundary
            JsonNode best = decided.stream().max(java.util.Comparator.comparingDouble((JsonNode x) -> x.get("value").asDouble())
                    .thenComparing(x -> -x.get("member").asInt())).orElseThrow();
            List<JsonNode> took = decided.stream().filter(x -> x.has("donor")).toList();
            assertThat(took).as("generation %d: %s", g, decided).hasSize(1);
            assertThat(took.get(0).get("donor").asInt()).isEqualTo(best.get("member").asInt());
            for (JsonNode x : decided) {
                JsonNode epoch = metrics.get(experimentOf.get(x.get("member").asInt())).get(generation);
                assertThat(x.get("value").asDouble()).isCloseTo(epoch.get("valAcc").asDouble(), within(1e-9));
            }
            // after the boundary, every member (the one restarted from another's checkpoint too) trains at the rate decided
            for (JsonNode x : decided) {
                JsonNode next = metrics.get(experimentOf.get(x.get("member").asInt())).get(generation + 1);
                assertThat(next.get("epoch").asInt()).isEqualTo(generation + 1);
                assertThat(next.get("plannedLr").asDouble()).as("member %s after generation %d", x.get("member"), g)
                        .isCloseTo(x.get("lr").asDouble(), within(1e-12));
                assertThat(next.get("actualLr").asDouble()).as("applied, member %s after generation %d", x.get("member"), g)
                        .isCloseTo(x.get("lr").asDouble(), within(x.get("lr").asDouble() * 1e-6));
            }
        }
        assertThat(lrlab.http.get("/api/studies/" + id + "/charts/population.png").statusCode()).isEqualTo(200);

        JsonNode schedule = lrlab.get("/api/studies/" + id + "/schedule");
        List<JsonNode> lineage = StreamSupport.stream(schedule.get("lineage").spliterator(), false).toList();
        assertThat(lineage).hasSize(4);
        for (JsonNode step : lineage) {
            assertThat(step.get("appliedLr").asDouble()).isCloseTo(step.get("rate").asDouble(), within(step.get("rate").asDouble() * 1e-6));
        }

        HttpResponse<byte[]> noBaseline = lrlab.http.post("/api/studies/" + id + "/replay", "{\"seeds\": [1, 2]}");
        assertThat(noBaseline.statusCode()).as(text(noBaseline)).isEqualTo(400);
        assertThat(text(noBaseline)).contains("baseline");
        // a schedule written by hand for the same setting becomes the baseline
        long handMade = lrlab.submit("""
                {"name": "by hand", "schedule": "step", "initialLr": 0.05, "epochs": 4, %s}""".formatted(TINY));
        LrlabInstance.await("the hand-made run", Duration.ofSeconds(120), () -> lrlab.status(handMade).equals("COMPLETED"));
        HttpResponse<byte[]> replay = lrlab.http.post("/api/studies/" + id + "/replay", "{\"seeds\": [1, 2]}");
        assertThat(replay.statusCode()).as(text(replay)).isEqualTo(202);
        long sweep = lrlab.json(replay.body()).get("id").asLong();
        assertThat(replay.headers().firstValue("Location")).hasValue("/api/sweeps/" + sweep);
        LrlabInstance.await("the replay", Duration.ofSeconds(300), () -> StreamSupport.stream(
                lrlab.get("/api/sweeps/" + sweep).get("ranking").spliterator(), false).allMatch(r -> r.get("status").asString().equals("COMPLETED")));
        JsonNode replayed = lrlab.get("/api/sweeps/" + sweep);
        assertThat(replayed.get("ranking")).hasSize(4);
        List<JsonNode> discovered = StreamSupport.stream(replayed.get("ranking").spliterator(), false)
                .filter(r -> r.get("spec").get("name").asString().contains("discovered")).toList();
        assertThat(discovered).hasSize(2);
        assertThat(StreamSupport.stream(replayed.get("ranking").spliterator(), false)
                .filter(r -> r.get("spec").get("schedule").asString().equals("step") && r.get("spec").get("initialLr").asDouble() == 0.05))
                .hasSize(2);
        for (JsonNode run : discovered) {
            JsonNode curve = lrlab.get("/api/experiments/" + run.get("id").asLong() + "/metrics");
            assertThat(curve).hasSize(4);
            for (int e = 0; e < 4; e++) {
                assertThat(curve.get(e).get("actualLr").asDouble()).as("replayed epoch %d", e)
                        .isCloseTo(lineage.get(e).get("appliedLr").asDouble(), within(lineage.get(e).get("appliedLr").asDouble() * 1e-6));
            }
        }
        // two configurations over two seeds each: the Welch p-value of the one against the other
        JsonNode configurations = replayed.get("configurations");
        assertThat(configurations).hasSize(2);
        assertThat(StreamSupport.stream(configurations.spliterator(), false).filter(c -> c.has("pValueVsBest")).toList()).hasSize(1);
    }

    @Test
    void aBrokenPopulationIsRefusedNamingTheField() {
        String base = """
                "method": "pbt", "epochs": 4, %s""".formatted(TINY);
        assertProblem("""
                {"space": {"initialLr": {"low": 0.01, "high": 0.1}}, "population": {"size": 1}, %s}""".formatted(base), "population.size");
        assertProblem("""
                {"space": {"initialLr": {"low": 0.01, "high": 0.1}}, "population": {"interval": 4}, %s}""".formatted(base),
                "population.interval");
        assertProblem("""
                {"space": {"schedule": ["step"], "initialLr": {"low": 0.01, "high": 0.1}}, %s}""".formatted(base), "space.schedule");
        assertProblem("""
                {"space": {"initialLr": {"low": 0.01, "high": 0.1}}, "pruner": {"type": "asha"}, %s}""".formatted(base), "pruner");
        assertProblem("""
                {"space": {"initialLr": {"low": 0.1, "high": 0.01}}, %s}""".formatted(base), "space.initialLr");
        assertProblem("""
                {"space": {"initialLr": {"low": 0.01, "high": 0.1}}, "method": "evolve", "epochs": 4}""", "method");
    }

    @Test
    void aSearchHasNoDiscoveredSchedule() {
        var response = lrlab.http.post("/api/studies", """
                {"space": {"schedule": ["step"], "initialLr": {"values": [0.1]}}, "epochs": 1, "budget": {"trials": 1}, %s}"""
                .formatted(TINY));
        assertThat(response.statusCode()).as(text(response)).isEqualTo(202);
        long id = lrlab.json(response.body()).get("id").asLong();
        HttpResponse<byte[]> schedule = lrlab.http.get("/api/studies/" + id + "/schedule");
        assertThat(schedule.statusCode()).isEqualTo(409);
        assertThat(text(schedule)).contains("not population-based training");
        assertThat(lrlab.http.get("/api/studies/" + id + "/charts/population.png").statusCode()).isEqualTo(409);
    }

    private static void assertProblem(String body, String field) {
        io.lrlab.web.Http.assertInvalid(lrlab.http.post("/api/studies", body), field);
    }
}
