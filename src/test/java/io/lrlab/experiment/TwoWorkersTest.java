package io.lrlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.LrlabInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Two processes with a worker each on one database: every experiment runs exactly once. */
@Tag("process")
class TwoWorkersTest {

    @Test
    void twentyQueuedExperimentsRunExactlyOnceAcrossTwoWorkers() {
        String name = UUID.randomUUID().toString();
        String db = "jdbc:h2:mem:two-" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        String data = "target/test-data/two-" + name;
        try (LrlabInstance a = LrlabInstance.start(db, data, "--lrlab.worker.id=worker-a");
             LrlabInstance b = LrlabInstance.start(db, data, "--lrlab.worker.id=worker-b")) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add((i % 2 == 0 ? a : b).submit("""
                        {"schedule": "none", "initialLr": 0.05, "epochs": 1, "model": "resnet-tiny",
                         "trainLimit": 20, "testLimit": 10, "batchSize": 10, "seed": %d}""".formatted(i)));
            }
            LrlabInstance.await("all 20", Duration.ofSeconds(300), () -> ids.stream().allMatch(id -> a.status(id).equals("COMPLETED")));
            List<String> live = new ArrayList<>();
            b.get("/api/workers").forEach(w -> live.add(w.get("id").asString()));
            assertThat(live).as("either node lists both workers").containsExactly("worker-a", "worker-b");
            Set<String> workers = new HashSet<>();
            for (long id : ids) {
                JsonNode e = a.get("/api/experiments/" + id);
                assertThat(e.get("attempts").asInt()).as("experiment %d claimed once", id).isEqualTo(1);
                assertThat(a.get("/api/experiments/" + id + "/metrics")).as("one epoch row").hasSize(1);
                workers.add(e.get("worker").asString());
            }
            assertThat(workers).containsExactlyInAnyOrder("worker-a", "worker-b");
        }
    }
}
