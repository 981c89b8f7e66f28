package io.lrlab;

import io.lrlab.web.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * lrlab as a user runs it: {@code java -jar} on the packaged jar, in a process of its own with its own data directory,
 * killed for real ({@link #kill}: SIGKILL) or stopped as an orchestrator would ({@link #terminate}: SIGTERM). Its
 * output goes to a log file under {@code target/reliability}. Needs the jar: run by failsafe, after {@code package}.
 */
public final class LrlabProcess implements AutoCloseable {

    public final String name;
    public final Http http;
    public final Path log;
    private final Process process;

    private LrlabProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.http = new Http(port);
        this.log = log;
    }

    /** The jar failsafe hands over in {@code lrlab.jar}. */
    public static Path jar() {
        String jar = System.getProperty("lrlab.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no lrlab jar at " + jar + ": run the reliability suite with mvn verify");
        }
        return Path.of(jar);
    }

    /** Starts a process and waits until it serves; {@code args} are Spring settings such as --lrlab.worker.id=a. */
    public static LrlabProcess start(String name, Path dataDir, List<String> args) {
        int port = freePort();
        Path log = Path.of("target", "reliability", name + "-" + System.currentTimeMillis() + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-Dorg.bytedeco.javacpp.maxphysicalbytes=3G", "-Djava.awt.headless=true",
                "-jar", jar().toString(),
                "--server.port=" + port,
                "--lrlab.data-dir=" + dataDir,
                "--lrlab.dataset.cifar10-dir=" + TestData.cifarSampleSetting(),
                "--lrlab.dataset.download=false",
                // one experiment at a time per process, as the scenarios count on; WorkerSlotsTest covers slots
                "--lrlab.worker.slots=1"));
        // a setting given in args replaces the default above (Spring would join two values of one key with a comma)
        command.removeIf(arg -> arg.startsWith("--") && args.stream().anyMatch(a -> a.startsWith(arg.substring(0, arg.indexOf('=') + 1))));
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            // one native thread per process: several processes share the test machine's cores
            builder.environment().put("OMP_NUM_THREADS", "1");
            Process process = builder.start();
            ProcessReaper.adopt(process);
            LrlabProcess started = new LrlabProcess(name, process, port, log);
            started.awaitReady(Duration.ofSeconds(180));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready; see " + log);
            }
            try {
                // liveness, not readiness: a node whose data directory is full is not ready for traffic, yet it runs
                if (http.get("/actuator/health/liveness").statusCode() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            sleep(250);
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the process gets no chance to clean up, as when a machine dies. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM: a graceful stop, as an orchestrator sends. */
    public void terminate() {
        process.destroy();
        waitFor();
    }

    private void waitFor() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public JsonNode get(String path) {
        var response = http.get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " on " + name + " answered " + response.statusCode() + ": " + Http.text(response));
        }
        return LrlabInstance.JSON.readTree(response.body());
    }

    public long submit(String body) {
        var response = http.post("/api/experiments", body);
        if (response.statusCode() != 202) {
            throw new AssertionError("submit answered " + response.statusCode() + ": " + Http.text(response));
        }
        return LrlabInstance.JSON.readTree(response.body()).get("id").asLong();
    }

    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            terminate();
        }
    }

    /** A port nothing listens on (bound and released at once): a server to start there, or a refused connection. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
