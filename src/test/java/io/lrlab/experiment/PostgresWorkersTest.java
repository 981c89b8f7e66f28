package io.lrlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.LrlabInstance;
import io.lrlab.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The same migrations, claim query (FOR UPDATE SKIP LOCKED) and worker flow on a real PostgreSQL, in a schema of
 * its own. Needs a server: {@code LRLAB_TEST_PG_URL} (default jdbc:postgresql://127.0.0.1:5432/test, user postgres);
 * .ci/run starts one. Skipped only outside CI when none answers.
 */
@Tag("process")
@Tag("postgres")
class PostgresWorkersTest {

    static final String URL = System.getenv().getOrDefault("LRLAB_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = System.getenv().getOrDefault("LRLAB_TEST_PG_USER", "postgres");

    @Test
    void twoWorkersOnPostgresRunEveryExperimentOnce() {
        try (TestPostgres pg = TestPostgres.newSchema()) {
            String[] settings = pg.settings().toArray(String[]::new);
            String data = "target/test-data/" + pg.schema();
            try (LrlabInstance a = LrlabInstance.start(pg.url(), data, concat(settings, "--lrlab.worker.id=pg-a"));
                 LrlabInstance b = LrlabInstance.start(pg.url(), data, concat(settings, "--lrlab.worker.id=pg-b"))) {
                List<Long> ids = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    ids.add(a.submit("""
                            {"schedule": "step", "initialLr": 0.05, "epochs": 2, "model": "resnet-tiny", "tags": ["pg"],
                             "trainLimit": 20, "testLimit": 10, "batchSize": 10, "seed": %d}""".formatted(i)));
                }
                LrlabInstance.await("all 8", Duration.ofSeconds(300), () -> ids.stream().allMatch(id -> b.status(id).equals("COMPLETED")));
                for (long id : ids) {
                    assertThat(a.get("/api/experiments/" + id).get("attempts").asInt()).isEqualTo(1);
                    assertThat(a.get("/api/experiments/" + id + "/metrics")).hasSize(2);
                }
                assertThat(a.get("/api/experiments?tag=pg&size=5&sort=bestValAcc,desc").get("totalElements").asInt()).isEqualTo(8);
            }
        }
    }

    private static String[] concat(String[] a, String b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = b;
        return out;
    }
}
