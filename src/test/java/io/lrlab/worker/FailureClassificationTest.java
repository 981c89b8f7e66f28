package io.lrlab.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.LrlabProcess;
import io.lrlab.dataset.CifarDownloader;
import io.lrlab.dataset.DatasetLoader;
import io.lrlab.dataset.DatasetSettings;
import io.lrlab.error.DatabaseOutage;
import io.lrlab.schedule.Schedules;
import io.lrlab.system.StorageSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The one rule that tells a database outage (wait for it, keep the experiment) from every other failure (FAILED, with
 * words for the user), as a table: each kind of failure a worker meets and the outcome it must get. Raised for real
 * where that is cheap (a refused connection to PostgreSQL, a refused or unresolvable download, an empty data set
 * folder, an unreadable image, an invalid schedule), built as the layer raises it elsewhere.
 */
class FailureClassificationTest {

    @TempDir
    static Path dir;

    record Row(String failure, Supplier<Throwable> raise, boolean waitsForDatabase, String messageContains) {
        @Override
        public String toString() {
            return failure;
        }
    }

    static Stream<Row> table() {
        return Stream.of(
                new Row("database down at connect (PostgreSQL refuses, through Spring JDBC)",
                        () -> raise(() -> new JdbcTemplate(new DriverManagerDataSource(
                                "jdbc:postgresql://127.0.0.1:" + LrlabProcess.freePort() + "/test", "postgres", ""))
                                .queryForObject("SELECT 1", Integer.class)), true, null),
                new Row("connection closed mid-query (PostgreSQL I/O error, translated by Spring)",
                        () -> new DataAccessResourceFailureException("could not execute statement",
                                new PSQLException("An I/O error occurred while sending to the backend.",
                                        PSQLState.CONNECTION_FAILURE, new SocketException("Connection reset"))), true, null),
                new Row("server shutting down under a query (57P01)",
                        () -> new SQLException("terminating connection due to administrator command", "57P01"), true, null),
                new Row("connection closed in the pool (HikariCP's words, no SQLState)",
                        () -> new RuntimeException(new SQLException("Connection is closed")), true, null),
                new Row("constraint violated: the database answered, it is not away",
                        () -> new DataIntegrityViolationException("duplicate key", new SQLException("duplicate", "23505")), false,
                        "duplicate key"),
                new Row("download refused (connection refused by the server)",
                        () -> raise(() -> new CifarDownloader().download(URI.create("http://127.0.0.1:" + LrlabProcess.freePort() + "/c.tar.gz"),
                                1, "0", dir.resolve("refused"))), false, dir.resolve("refused").toAbsolutePath().toString()),
                new Row("download's host unknown (DNS failure)",
                        () -> raise(() -> new CifarDownloader().download(URI.create("http://cifar.invalid/c.tar.gz"),
                                1, "0", dir.resolve("dns"))), false, "could not download CIFAR-10"),
                new Row("download refused, wrapped in a plain RuntimeException",
                        () -> new RuntimeException(raise(() -> new CifarDownloader().download(
                                URI.create("http://127.0.0.1:" + LrlabProcess.freePort() + "/c.tar.gz"), 1, "0", dir.resolve("wrapped")))),
                        false, "could not download CIFAR-10"),
                new Row("data set folder empty, downloads off",
                        () -> raise(() -> loader(dir.resolve("empty"), false).load(DatasetLoader.CIFAR10, 0, 0)), false,
                        "train/<class>/*.jpg"),
                new Row("unreadable image in an image folder",
                        () -> raise(() -> loader(corruptImageFolder(), false).load(DatasetLoader.CIFAR10, 0, 0)), false,
                        "broken.jpg"),
                new Row("disk full writing a file",
                        () -> new UncheckedIOException(new FileSystemException("/data/experiments/7/checkpoint.zip", null,
                                "No space left on device")), false, "no space left on the device"),
                new Row("native memory exhausted (JavaCPP's guard)",
                        () -> new OutOfMemoryError("Physical memory usage is too high: physicalBytes (9G) > maxPhysicalBytes (8G)"),
                        false, "out of memory"),
                new Row("invalid spec that slipped past validation",
                        () -> raise(() -> Schedules.build("step", 0.1, 10, Map.of("factor", -1), "scheduleParams")), false,
                        "factor"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void eachFailureGetsItsOutcome(Row row) {
        Throwable failure = row.raise().get();
        assertThat(failure).as("the failure was raised").isNotNull();
        assertThat(DatabaseOutage.isCause(failure)).as("%s waits for the database", row.failure()).isEqualTo(row.waitsForDatabase());
        if (!row.waitsForDatabase()) {
            assertThat(FailureMessage.of(failure)).as("the words the user reads").contains(row.messageContains());
        }
    }

    private static Throwable raise(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            return e;
        }
        return null;
    }

    private static DatasetLoader loader(Path cifar10Dir, boolean download) {
        return new DatasetLoader(DatasetSettings.official(cifar10Dir, download), new StorageSettings(dir.resolve("data")));
    }

    private static Path corruptImageFolder() {
        Path root = dir.resolve("corrupt");
        try {
            for (String split : new String[] {"train", "test"}) {
                for (String label : new String[] {"cat", "dog"}) {
                    Files.createDirectories(root.resolve(split).resolve(label));
                    Files.write(root.resolve(split).resolve(label).resolve("broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }

}
