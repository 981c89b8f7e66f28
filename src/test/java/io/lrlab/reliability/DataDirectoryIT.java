package io.lrlab.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lrlab.LrlabInstance;
import io.lrlab.LrlabProcess;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Disks that fail under a running experiment, for real: a tiny filesystem (tmpfs) that fills up during a checkpoint,
 * and a data directory mounted read-only. Mounting needs root, as on CI; elsewhere the tests skip.
 */
@Tag("reliability")
class DataDirectoryIT {

    private final Path root = Path.of("target", "reliability", "disk-" + System.currentTimeMillis()).toAbsolutePath();

    @Test
    void aDiskThatFillsUpDuringACheckpointFailsTheExperimentInWordsAndKeepsTheLastWholeCheckpoint() throws Exception {
        Path tiny = mount("tiny", "size=4m");
        try (LrlabProcess lrlab = LrlabProcess.start("full-disk", root.resolve("data"), List.of(
                "--spring.datasource.url=jdbc:h2:file:" + root.resolve("db/lrlab") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--lrlab.artifacts.store=directory", "--lrlab.artifacts.directory=" + tiny, "--lrlab.worker.poll-interval=200ms"))) {
            long id = lrlab.submit(ClusterReliabilityIT.spec("full-disk", 200, 8, 10, 3));
            Path checkpoint = tiny.resolve(Long.toString(id)).resolve("checkpoint");
            LrlabInstance.await("the first checkpoint", Duration.ofMinutes(2), () -> Files.isRegularFile(checkpoint));
            fill(tiny.resolve("filler"));
            LrlabInstance.await("the experiment fails", Duration.ofMinutes(2), () -> lrlab.get("/api/experiments/" + id).get("status").asString().equals("FAILED"));

            JsonNode failed = lrlab.get("/api/experiments/" + id);
            assertThat(failed.get("error").asString()).contains("cannot write checkpoint of experiment " + id).contains("No space left on device");
            try (Stream<Path> files = Files.list(checkpoint.getParent())) {
                assertThat(files.map(p -> p.getFileName().toString())).as("no half-written file left").containsExactly("checkpoint");
            }
            var model = lrlab.http.get("/api/experiments/" + id + "/model");
            assertThat(model.statusCode()).isEqualTo(200);
            ComputationGraph net = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(model.body()), false);
            assertThat(net.numParams()).as("the last whole checkpoint reads back").isPositive();
            Files.writeString(root.resolve("full-disk.txt"), "failed with: " + failed.get("error").asString() + "\n");
        } finally {
            unmount(tiny);
        }
    }

    @Test
    void aReadOnlyDataDirectoryCostsOnlyTheDatasetCache() throws Exception {
        Path readOnly = mount("read-only", "size=1m,ro");
        try (LrlabProcess lrlab = LrlabProcess.start("read-only", readOnly, List.of(
                "--spring.datasource.url=jdbc:h2:file:" + root.resolve("db2/lrlab") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--lrlab.worker.poll-interval=200ms"))) {
            long id = lrlab.submit(ClusterReliabilityIT.spec("read-only", 40, 2, 10, 3));
            LrlabInstance.await("completion", Duration.ofMinutes(2), () -> lrlab.get("/api/experiments/" + id).get("status").asString().equals("COMPLETED"));
            assertThat(lrlab.logText()).contains("Could not cache the decoded images");
            assertThat(lrlab.http.get("/api/experiments/" + id + "/model").statusCode()).as("the model lives in the database").isEqualTo(200);
        } finally {
            unmount(readOnly);
        }
    }

    private Path mount(String name, String options) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(root.resolve(name));
        int rc = run("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString());
        assumeTrue(rc == 0 || System.getenv("CI") != null, "cannot mount a tmpfs here (needs root)");
        assertThat(rc).as("mount a tmpfs at " + dir).isZero();
        return dir;
    }

    private static void unmount(Path dir) throws IOException, InterruptedException {
        run("umount", dir.toString());
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    /** Writes until the filesystem says it is full. */
    private static void fill(Path file) {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            // what the test wanted: no space left
        }
    }
}
