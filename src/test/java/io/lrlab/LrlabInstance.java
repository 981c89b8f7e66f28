package io.lrlab;

import io.lrlab.web.Http;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A whole lrlab process on a random port: started in the test JVM with its own settings (for tests where a second
 * process or a restart is the point), or attached to the one context the single-process HTTP tests share.
 */
public final class LrlabInstance implements AutoCloseable {

    public static final ObjectMapper JSON = new ObjectMapper();

    public final ConfigurableApplicationContext context;
    public final Http http;

    private LrlabInstance(ConfigurableApplicationContext context) {
        this.context = context;
        this.http = new Http(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    /** The context a {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} test runs; the test framework closes it. */
    public static LrlabInstance attach(ConfigurableApplicationContext context) {
        return new LrlabInstance(context);
    }

    public static LrlabInstance start(String databaseUrl, String dataDir, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + databaseUrl,
                "--lrlab.data-dir=" + dataDir,
                "--lrlab.dataset.cifar10-dir=" + TestData.cifarSampleSetting(),
                "--lrlab.dataset.download=false",
                "--lrlab.worker.poll-interval=100ms",
                "--lrlab.worker.lease=10s",
                // one experiment at a time, as the tests count on; WorkerSlotsTest covers slots
                "--lrlab.worker.slots=1"));
        // a setting given in extra replaces the default above (Spring would join two values of one key with a comma)
        args.removeIf(arg -> Arrays.stream(extra).anyMatch(a -> a.startsWith(arg.substring(0, arg.indexOf('=') + 1))));
        args.addAll(List.of(extra));
        System.setProperty("java.awt.headless", "true");
        return new LrlabInstance(new SpringApplicationBuilder(LrlabApplication.class).run(args.toArray(String[]::new)));
    }

    public JsonNode json(byte[] body) {
        return JSON.readTree(body);
    }

    public JsonNode get(String path) {
        return json(http.get(path).body());
    }

    public long submit(String body) {
        var response = http.post("/api/experiments", body);
        if (response.statusCode() != 202) {
            throw new AssertionError("submit answered " + response.statusCode() + ": " + Http.text(response));
        }
        return json(response.body()).get("id").asLong();
    }

    public String status(long id) {
        return get("/api/experiments/" + id).get("status").asString();
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(100)).until(condition::getAsBoolean);
    }

    @Override
    public void close() {
        context.close();
    }
}
