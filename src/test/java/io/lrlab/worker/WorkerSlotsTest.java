package io.lrlab.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lrlab.LrlabInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A worker with {@code lrlab.worker.slots=auto} on a CPU of two or more cores: two small networks train side by side
 * under two worker ids, each with its share of the cores; any other network trains alone, on all of them.
 */
@Tag("process")
class WorkerSlotsTest {

    @Test
    void smallNetworksTrainSideBySideOnTheirShareAndOthersAlone() {
        int cores = Runtime.getRuntime().availableProcessors();
        assumeTrue(cores >= 2, "slots pack experiments only on two or more cores; this machine has " + cores);
        assumeTrue(System.getenv("OMP_NUM_THREADS") == null, "OMP_NUM_THREADS caps the process's threads; unset it for this test");
        String name = UUID.randomUUID().toString();
        try (LrlabInstance lrlab = LrlabInstance.start("jdbc:h2:mem:slots-" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
                "target/test-data/slots-" + name, "--lrlab.worker.id=packed", "--lrlab.worker.slots=auto")) {
            // submitted first, claimed first: resnet20 is not a small network, so it trains alone
            long big = lrlab.submit(body("resnet20", 0));
            List<Long> small = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                small.add(lrlab.submit(body("resnet-tiny", i)));
            }
            List<Long> all = new ArrayList<>(small);
            all.add(big);
            LrlabInstance.await("all five", Duration.ofSeconds(300), () -> all.stream().allMatch(id -> lrlab.status(id).equals("COMPLETED")));

            JsonNode alone = lrlab.get("/api/experiments/" + big);
            assertThat(alone.get("provenance").get("threads").asInt()).as("resnet20's native threads").isEqualTo(cores);
            List<String> workers = new ArrayList<>();
            for (long id : small) {
                JsonNode e = lrlab.get("/api/experiments/" + id);
                assertThat(e.get("provenance").get("threads").asInt()).as("experiment %d's native threads", id).isEqualTo(cores / 2);
                assertThat(e.get("attempts").asInt()).isEqualTo(1);
                assertThat(overlap(e, alone)).as("experiment %d trained beside resnet20", id).isFalse();
                workers.add(e.get("worker").asString());
            }
            assertThat(workers).as("the small networks' slots").contains("packed", "packed#2");
            // side by side: some two of the small networks trained at the same time
            boolean together = false;
            for (int i = 0; i < small.size(); i++) {
                for (int j = i + 1; j < small.size(); j++) {
                    together |= overlap(lrlab.get("/api/experiments/" + small.get(i)), lrlab.get("/api/experiments/" + small.get(j)));
                }
            }
            assertThat(together).as("two small networks trained at once").isTrue();
            JsonNode health = lrlab.get("/actuator/health/worker");
            assertThat(health.get("details").get("slots").asInt()).isEqualTo(2);
        }
    }

    private static String body(String model, int seed) {
        return """
                {"schedule": "none", "initialLr": 0.05, "epochs": 3, "model": "%s", "trainLimit": 200, "testLimit": 20,
                 "batchSize": 20, "seed": %d}""".formatted(model, seed);
    }

    private static boolean overlap(JsonNode a, JsonNode b) {
        Instant aStart = Instant.parse(a.get("startedAt").asString());
        Instant aEnd = Instant.parse(a.get("finishedAt").asString());
        Instant bStart = Instant.parse(b.get("startedAt").asString());
        Instant bEnd = Instant.parse(b.get("finishedAt").asString());
        return aStart.isBefore(bEnd) && bStart.isBefore(aEnd);
    }
}
