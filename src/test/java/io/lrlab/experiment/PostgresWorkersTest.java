package io.lrlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lrlab.LrlabInstance;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The same migrations, claim query (FOR UPDATE SKIP LOCKED) and worker flow on a real PostgreSQL, in a schema of
 * its own. Needs a server: {@code LRLAB_TEST_PG_URL} (default jdbc:postgresql://127.0.0.1:5432/test, user postgres);
 * .ci/run starts one. Skipped only outside CI when none answers.
 */
class PostgresWorkersTest {

    static final String URL = System.getenv().getOrDefault("LRLAB_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = System.getenv().getOrDefault("LRLAB_TEST_PG_USER", "postgres");

    @Test
    void twoWorkersOnPostgresRunEveryExperimentOnce() throws SQLException {
        assumeTrue(reachable() || System.getenv("CI") != null, "no PostgreSQL at " + URL);
        String schema = "lrlab_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String db = URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        String[] pg = {"--spring.datasource.username=" + USER, "--spring.datasource.password=",
                "--spring.flyway.default-schema=" + schema, "--spring.flyway.schemas=" + schema};
        try (LrlabInstance a = LrlabInstance.start(db, "target/test-data/" + schema, concat(pg, "--lrlab.worker.id=pg-a"));
             LrlabInstance b = LrlabInstance.start(db, "target/test-data/" + schema, concat(pg, "--lrlab.worker.id=pg-b"))) {
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
        } finally {
            try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static String[] concat(String[] a, String b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = b;
        return out;
    }

    private static boolean reachable() {
        try (Connection c = DriverManager.getConnection(URL, USER, "")) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
