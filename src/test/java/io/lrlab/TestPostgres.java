package io.lrlab;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * The machine's PostgreSQL ({@code LRLAB_TEST_PG_URL}, default jdbc:postgresql://127.0.0.1:5432/test, user postgres),
 * one schema per test so runs never see each other's rows. Skipped only outside CI when no server answers; under
 * {@code CI=true} a test that cannot connect fails.
 */
public record TestPostgres(String schema) implements AutoCloseable {

    public static final String URL = System.getenv().getOrDefault("LRLAB_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = System.getenv().getOrDefault("LRLAB_TEST_PG_USER", "postgres");

    /** A fresh schema; Flyway creates lrlab's tables in it when the first process starts. */
    public static TestPostgres newSchema() {
        assumeTrue(reachable() || System.getenv("CI") != null, "no PostgreSQL at " + URL);
        return new TestPostgres("lrlab_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }

    public String url() {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** The settings that point a process at this schema. */
    public List<String> settings() {
        return List.of("--spring.datasource.url=" + url(), "--spring.datasource.username=" + USER, "--spring.datasource.password=",
                "--spring.flyway.default-schema=" + schema, "--spring.flyway.schemas=" + schema);
    }

    public Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url(), USER, "");
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
        }
        return c;
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            System.err.println("could not drop schema " + schema + ": " + e.getMessage());
        }
    }

    public static boolean reachable() {
        try (Connection c = DriverManager.getConnection(URL, USER, "")) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
