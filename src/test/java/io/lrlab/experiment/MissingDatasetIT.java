package io.lrlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.LrlabProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A new user's first experiment on a machine without the data set and without network: a real lrlab process on its
 * embedded H2, an empty CIFAR-10 folder and downloads on. The experiment ends FAILED within seconds with the folder to
 * fill in its error, after one attempt, and the process says so in a few log lines instead of handing the experiment
 * back in a loop.
 */
@Tag("process")
class MissingDatasetIT {

    private static final String BODY = """
            {"schedule": "none", "initialLr": 0.05, "epochs": 1, "model": "resnet-tiny", "trainLimit": 20, "testLimit": 10}""";

    @Test
    void anEmptyDatasetFolderWithTheDownloadRefusedFailsInSecondsNamingTheFolder(@TempDir Path dir) {
        Path empty = dir.resolve("cifar10");
        try (LrlabProcess lrlab = LrlabProcess.start("missing-dataset", dir.resolve("data"), List.of(
                "--lrlab.dataset.cifar10-dir=" + empty,
                "--lrlab.dataset.download=true",
                // a closed local port: refused at once, as an unreachable host is on a machine without network
                "--lrlab.dataset.download-url=http://127.0.0.1:" + LrlabProcess.freePort() + "/cifar-10-binary.tar.gz"))) {
            long logLinesBefore = lrlab.logText().lines().count();
            long started = System.nanoTime();
            long id = lrlab.submit(BODY);
            JsonNode failed = awaitEnd(lrlab, id, Duration.ofSeconds(30));
            double seconds = (System.nanoTime() - started) / 1e9;

            assertThat(failed.get("status").asText()).isEqualTo("FAILED");
            assertThat(failed.get("error").asText()).contains(empty.toAbsolutePath().toString())
                    .contains("train/<class>/*.jpg").contains("cifar-10-batches-bin");
            assertThat(seconds).as("time to FAILED").isLessThan(10);
            assertThat(failed.get("attempts").asInt()).as("attempts").isLessThanOrEqualTo(2);
            sleep(3000);
            assertThat(lrlab.get("/api/experiments/" + id).get("attempts").asInt()).as("not claimed again").isEqualTo(failed.get("attempts").asInt());
            long lines = lrlab.logText().lines().count() - logLinesBefore;
            assertThat(lines).as("log lines after the submit").isLessThan(100);
            System.out.printf("missing data set: FAILED after %.1f s, %d attempt(s), %d log lines%n", seconds,
                    failed.get("attempts").asInt(), lines);
        }
    }

    @Test
    void aDownloadWhoseServerClosesTheConnectionFailsAndIsNotRequeued(@TempDir Path dir) throws IOException {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0)) {
            Thread closer = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket socket = server.accept()) {
                        connections.incrementAndGet();
                        socket.getInputStream().read(new byte[256]);
                    } catch (IOException closed) {
                        // the server socket closed at the end of the test, or the client went away
                    }
                }
            }, "closing-server");
            closer.setDaemon(true);
            closer.start();
            try (LrlabProcess lrlab = LrlabProcess.start("closed-download", dir.resolve("data"), List.of(
                    "--lrlab.dataset.cifar10-dir=" + dir.resolve("cifar10"),
                    "--lrlab.dataset.download=true",
                    "--lrlab.dataset.download-url=http://127.0.0.1:" + server.getLocalPort() + "/cifar-10-binary.tar.gz"))) {
                long id = lrlab.submit(BODY);
                JsonNode failed = awaitEnd(lrlab, id, Duration.ofSeconds(30));
                assertThat(failed.get("status").asText()).isEqualTo("FAILED");
                assertThat(failed.get("error").asText()).contains("could not download CIFAR-10").contains(dir.resolve("cifar10").toString());
                assertThat(failed.get("attempts").asInt()).as("not requeued").isEqualTo(1);
                assertThat(connections.get()).as("the download was tried").isPositive();
            }
        }
    }

    private static JsonNode awaitEnd(LrlabProcess lrlab, long id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode e = lrlab.get("/api/experiments/" + id);
            String status = e.get("status").asText();
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                return e;
            }
            sleep(100);
        }
        throw new AssertionError("experiment " + id + " did not end within " + timeout + ": " + lrlab.get("/api/experiments/" + id));
    }


    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
