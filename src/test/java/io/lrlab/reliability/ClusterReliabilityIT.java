package io.lrlab.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lrlab.LrlabInstance;
import io.lrlab.LrlabProcess;
import io.lrlab.TestPostgres;
import io.lrlab.web.Http;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * A cluster as a team runs it, on the machine's PostgreSQL: three worker processes and one API-only process, each
 * started with {@code java -jar} and a data directory of its own ("machines" that share nothing but the database),
 * then killed, stopped and cut off from the database for real. Figures go to {@code target/reliability/figures.md}.
 */
@Tag("reliability")
@Tag("postgres")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterReliabilityIT {

    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final Set<String> FINISHED = Set.of("COMPLETED", "FAILED", "CANCELLED", "DIVERGED", "STOPPED_EARLY", "PRUNED");

    private final Map<String, String> figures = new LinkedHashMap<>();
    private final Map<String, LrlabProcess> workers = new ConcurrentHashMap<>();
    private final Path root = Path.of("target", "reliability", "cluster-" + System.currentTimeMillis()).toAbsolutePath();
    private TestPostgres pg;
    private LrlabProcess api;

    @BeforeAll
    void startCluster() {
        pg = TestPostgres.newSchema();
        // the API node first: it migrates the schema, so the workers start on a ready database
        api = LrlabProcess.start("api", root.resolve("api"), settings("--lrlab.worker.enabled=false"));
        List<CompletableFuture<LrlabProcess>> starting = new ArrayList<>();
        for (String id : List.of("w1", "w2", "w3")) {
            starting.add(CompletableFuture.supplyAsync(() -> startWorker(id)));
        }
        starting.forEach(f -> {
            LrlabProcess w = f.join();
            workers.put(w.name, w);
        });
    }

    @AfterAll
    void stopCluster() throws IOException {
        workers.values().forEach(LrlabProcess::close);
        if (api != null) {
            api.close();
        }
        if (pg != null) {
            pg.close();
        }
        StringBuilder out = new StringBuilder("# Reliability suite: figures of the last run\n\n");
        figures.forEach((k, v) -> out.append("- ").append(k).append(": ").append(v).append('\n'));
        Files.createDirectories(root.getParent());
        Files.writeString(root.getParent().resolve("figures.md"), out);
        System.out.println(out);
    }

    private LrlabProcess startWorker(String id) {
        return LrlabProcess.start(id, root.resolve("machine-" + id), settings("--lrlab.worker.id=" + id));
    }

    private List<String> settings(String... extra) {
        List<String> out = new ArrayList<>(pg.settings());
        out.add("--lrlab.worker.lease=" + LEASE.toSeconds() + "s");
        out.add("--lrlab.worker.poll-interval=200ms");
        out.addAll(List.of(extra));
        return out;
    }

    static String spec(String name, int trainLimit, int epochs, int batchSize, long seed) {
        return """
                {"name": "%s", "schedule": "linear", "initialLr": 0.05, "epochs": %d, "model": "resnet-tiny",
                 "trainLimit": %d, "testLimit": 20, "batchSize": %d, "seed": %d, "tags": ["reliability"]}"""
                .formatted(name, epochs, trainLimit, batchSize, seed);
    }

    @Test
    @Order(1)
    void aModelTrainedOnOneMachineDownloadsFromAnotherAndItsEventsReachEveryNode() throws Exception {
        // resnet-mini on 800 images in batches of 10: seconds an epoch, so the heartbeat reports positions inside each
        long id = api.submit(spec("cross-node", 800, 3, 10, 1).replace("resnet-tiny", "resnet-mini"));
        var stream = Sse.read(api.http, id);
        LrlabInstance.await("batch, images/s and ETA on the API node while a worker trains", Duration.ofSeconds(120), () -> {
            JsonNode view = api.get("/api/experiments/" + id);
            JsonNode p = view.get("progress");
            return view.get("status").asString().equals("RUNNING") && p.hasNonNull("batch") && p.get("batch").asInt() > 0
                    && p.get("imagesPerSecond").asDouble() > 0 && p.hasNonNull("etaSeconds");
        });
        List<Sse.Event> events = stream.get(3, TimeUnit.MINUTES);
        assertThat(events.stream().filter(e -> e.name().equals("epoch")).map(e -> LrlabInstance.JSON.readTree(e.data()).get("epoch").asInt()))
                .as("every epoch, on a node that trains nothing").containsExactly(0, 1, 2);
        Sse.Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("status");
        assertThat(LrlabInstance.JSON.readTree(last.data()).get("status").asString()).isEqualTo("COMPLETED");

        var model = api.http.get("/api/experiments/" + id + "/model");
        assertThat(model.statusCode()).isEqualTo(200);
        ComputationGraph net = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(model.body()), false);
        assertThat(net.numParams()).isPositive();
        figures.put("Model downloaded from the API-only node", model.body().length + " bytes, a DL4J zip that restores ("
                + net.numParams() + " parameters)");
        assertThat(root.resolve("api").resolve("experiments")).as("the API node keeps no artifacts on its disk").doesNotExist();
        for (LrlabProcess w : workers.values()) {
            assertThat(root.resolve("machine-" + w.name).resolve("experiments")).as("nor do the workers").doesNotExist();
        }
    }

    @Test
    @Order(2)
    void workersKilledAtRandomLoseNoExperimentAndRecordEveryEpochOnce() throws Exception {
        Random random = new Random(20261129);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(api.submit(spec("chaos-" + i, 300, 3, 10, i)));
        }
        // what each live worker trains, sampled four times a second: an experiment under two live workers at once
        // would be trained twice at the same time
        Set<String> doubleTrained = ConcurrentHashMap.newKeySet();
        AtomicInteger samples = new AtomicInteger();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            try {
                Map<Long, String> owner = new HashMap<>();
                for (JsonNode w : api.get("/api/workers")) {
                    LrlabProcess process = workers.get(w.get("id").asString());
                    if (w.hasNonNull("experiment") && process != null && process.isAlive()) {
                        String other = owner.put(w.get("experiment").asLong(), w.get("id").asString());
                        if (other != null) {
                            doubleTrained.add(w.get("experiment").asLong() + " on " + other + " and " + w.get("id").asString());
                        }
                    }
                }
                samples.incrementAndGet();
            } catch (RuntimeException | AssertionError ignored) {
                // a sample lost to a busy node
            }
        }, 0, 250, TimeUnit.MILLISECONDS);

        List<Double> killToResume = new ArrayList<>();
        List<CompletableFuture<Void>> restarts = new ArrayList<>();
        int kills = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        try {
            while (kills < 6 && System.nanoTime() < deadline && !allFinished(ids)) {
                Thread.sleep(1000 + random.nextInt(3000));
                List<JsonNode> busy = new ArrayList<>();
                api.get("/api/workers").forEach(w -> {
                    if (w.hasNonNull("experiment") && workers.containsKey(w.get("id").asString())) {
                        busy.add(w);
                    }
                });
                if (busy.isEmpty() || workers.size() < 2) {
                    continue;
                }
                JsonNode victim = busy.get(random.nextInt(busy.size()));
                String workerId = victim.get("id").asString();
                long experiment = victim.get("experiment").asLong();
                int attempts = api.get("/api/experiments/" + experiment).get("attempts").asInt();
                LrlabProcess process = workers.remove(workerId);
                process.kill();
                long killedAt = System.nanoTime();
                kills++;
                LrlabInstance.await("experiment " + experiment + " trained again", Duration.ofMinutes(3), () -> {
                    JsonNode e = api.get("/api/experiments/" + experiment);
                    return e.get("attempts").asInt() > attempts || FINISHED.contains(e.get("status").asString());
                });
                killToResume.add((System.nanoTime() - killedAt) / 1e9);
                // the machine comes back while the others go on (a start takes longer than the experiments)
                restarts.add(CompletableFuture.runAsync(() -> workers.put(workerId, startWorker(workerId))));
            }
            LrlabInstance.await("all 30 finished", Duration.ofMinutes(10), () -> allFinished(ids));
        } finally {
            sampler.shutdownNow();
            restarts.forEach(CompletableFuture::join);
        }

        int attempts = 0;
        for (long id : ids) {
            JsonNode e = api.get("/api/experiments/" + id);
            assertThat(e.get("status").asString()).as("experiment " + id).isEqualTo("COMPLETED");
            List<Integer> epochs = new ArrayList<>();
            api.get("/api/experiments/" + id + "/metrics").forEach(m -> epochs.add(m.get("epoch").asInt()));
            assertThat(epochs).as("experiment " + id + ": every epoch exactly once").containsExactly(0, 1, 2);
            attempts += e.get("attempts").asInt();
        }
        assertThat(kills).as("workers killed").isGreaterThanOrEqualTo(3);
        assertThat(doubleTrained).as("experiments under two live workers at once, in " + samples.get() + " samples").isEmpty();
        Collections.sort(killToResume);
        figures.put("Kill and restart", kills + " workers SIGKILLed while training, 30 experiments x 3 epochs of 30 batches: 30 COMPLETED, "
                + "90 epoch rows (each once), " + attempts + " claims in all, 0 experiments under two live workers in "
                + samples.get() + " samples");
        figures.put("Kill to resume (lease " + LEASE.toSeconds() + " s; until the experiment trains again, waiting for a free worker included)", "worst " + fmt(killToResume.get(killToResume.size() - 1))
                + " s, median " + fmt(killToResume.get(killToResume.size() / 2)) + " s, all " + killToResume.stream().map(ClusterReliabilityIT::fmt).toList());
    }

    @Test
    @Order(3)
    void anExperimentStoppedOnOneMachineResumesOnAnotherAtTheRightBatchWithTheSameHistory() {
        // resnet-mini on 800 images in batches of 10: 80 batches, about two seconds an epoch on a 2-core machine
        int epochs = 8;
        String spec = spec("moved", 800, epochs, 10, 11).replace("resnet-tiny", "resnet-mini");
        long moved = api.submit(spec);
        // inside epochs 2 to 6, well before an epoch's end: the heartbeat reports the position every 1.7 s, and the gaps
        // between these windows (15 of 80 batches) are shorter than that, so a faster machine cannot step over them all
        LrlabInstance.await("the middle of an epoch after the first", Duration.ofMinutes(3), () -> {
            JsonNode p = api.get("/api/experiments/" + moved).get("progress");
            return p.hasNonNull("batch") && p.get("currentEpoch").asInt() >= 2 && p.get("currentEpoch").asInt() <= epochs - 2
                    && p.get("batch").asInt() >= 5 && p.get("batch").asInt() <= p.get("batches").asInt() - 10;
        });
        String owner = api.get("/api/experiments/" + moved).get("worker").asString();
        LrlabProcess first = workers.remove(owner);
        first.terminate();
        Matcher stopped = Pattern.compile("Experiment " + moved + " is back in the queue .* handed back because stopped at batch (\\d+) of epoch (\\d+)").matcher(first.logText());
        assertThat(stopped.find()).as("the stopped worker's log says where it stopped").isTrue();
        LrlabInstance.await("completion elsewhere", Duration.ofMinutes(3), () -> api.get("/api/experiments/" + moved).get("status").asString().equals("COMPLETED"));
        JsonNode done = api.get("/api/experiments/" + moved);
        assertThat(done.get("worker").asString()).as("resumed on another machine").isNotEqualTo(owner);
        String resumedLog = workers.get(done.get("worker").asString()).logText();
        assertThat(resumedLog).contains("exp=" + moved).contains("Resuming epoch " + stopped.group(2) + " at batch " + stopped.group(1));
        workers.put(owner, startWorker(owner));

        long whole = api.submit(spec.replace("\"moved\"", "\"uninterrupted\""));
        LrlabInstance.await("the uninterrupted run", Duration.ofMinutes(3), () -> api.get("/api/experiments/" + whole).get("status").asString().equals("COMPLETED"));
        JsonNode a = api.get("/api/experiments/" + moved + "/metrics");
        JsonNode b = api.get("/api/experiments/" + whole + "/metrics");
        assertThat(a.size()).isEqualTo(epochs);
        assertThat(b.size()).isEqualTo(epochs);
        double worst = 0;
        for (int i = 0; i < epochs; i++) {
            for (String metric : List.of("trainLoss", "valLoss")) {
                assertThat(a.get(i).get(metric).asDouble()).as(metric + " of epoch " + i).isCloseTo(b.get(i).get(metric).asDouble(), within(1e-4));
                worst = Math.max(worst, Math.abs(a.get(i).get(metric).asDouble() - b.get(i).get(metric).asDouble()));
            }
            for (String metric : List.of("trainAcc", "valAcc", "actualLr")) {
                assertThat(a.get(i).get(metric).asDouble()).as(metric + " of epoch " + i).isCloseTo(b.get(i).get(metric).asDouble(), within(1e-9));
            }
        }
        figures.put("Moved between machines", "stopped by SIGTERM at batch " + stopped.group(1) + " of epoch " + stopped.group(2)
                + " on " + owner + ", resumed there on " + done.get("worker").asString() + "; largest loss difference from the "
                + "uninterrupted run " + String.format("%.1e", worst) + ", accuracies and rates equal");
    }

    @Test
    @Order(4)
    void whileTheDatabaseRestartsTheApiAnswers503AndTheWorkersLoseNothing() throws Exception {
        String cluster = postgresCluster();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(api.submit(spec("db-restart-" + i, 300, 3, 10, 100 + i)));
        }
        LrlabInstance.await("training under way", Duration.ofMinutes(2), () -> {
            JsonNode page = api.get("/api/experiments?status=RUNNING&size=50");
            return page.get("totalElements").asInt() >= 2;
        });
        pgctl(cluster, "stop");
        long stoppedAt = System.nanoTime();
        Map<Integer, Integer> answers = new java.util.TreeMap<>();
        List<String> wrong = new ArrayList<>();
        try {
            while (System.nanoTime() - stoppedAt < Duration.ofSeconds(8).toNanos()) {
                for (var response : List.of(api.http.get("/api/experiments"), api.http.get("/api/experiments/" + ids.get(0)),
                        api.http.post("/api/experiments", spec("during-outage", 20, 1, 10, 1)))) {
                    answers.merge(response.statusCode(), 1, Integer::sum);
                    String type = response.headers().firstValue("Content-Type").orElse("");
                    String body = Http.text(response);
                    if (response.statusCode() != 503 || !type.startsWith("application/problem+json") || body.contains("Exception")) {
                        wrong.add(response.statusCode() + " " + type + " " + body);
                    }
                }
            }
        } finally {
            pgctl(cluster, "start");
        }
        double away = (System.nanoTime() - stoppedAt) / 1e9;
        assertThat(wrong).as("every answer while the database was away: 503 problem+json, no stack trace").isEmpty();
        LrlabInstance.await("all six finished after the restart", Duration.ofMinutes(6), () -> allFinished(ids));
        int kept = 0;
        for (long id : ids) {
            JsonNode e = api.get("/api/experiments/" + id);
            assertThat(e.get("status").asString()).isEqualTo("COMPLETED");
            List<Integer> epochs = new ArrayList<>();
            api.get("/api/experiments/" + id + "/metrics").forEach(m -> epochs.add(m.get("epoch").asInt()));
            assertThat(epochs).containsExactly(0, 1, 2);
            kept += e.get("attempts").asInt() == 1 ? 1 : 0;
        }
        assertThat(api.http.get("/actuator/health").statusCode()).isEqualTo(200);
        figures.put("PostgreSQL stopped and started", String.format("away %.1f s; answers while away %s (all problem+json); "
                + "6 of 6 COMPLETED with every epoch once, %d kept their first claim, %d were handed back and resumed", away, answers, kept, 6 - kept));
    }

    @Test
    @Order(5)
    void everyHostileRequestGetsA4xxProblemAndTheServiceStaysHealthy() {
        List<String> failures = new ArrayList<>();
        List<HostileRequests.Probe> probes = HostileRequests.corpus();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (HostileRequests.Probe probe : probes) {
            var response = probe.send(api.http);
            statuses.merge(response.statusCode(), 1, Integer::sum);
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (response.statusCode() < 400 || response.statusCode() >= 500 || !type.startsWith("application/problem+json")) {
                failures.add(probe.name() + ": " + response.statusCode() + " " + type + " " + Http.text(response).lines().findFirst().orElse(""));
            }
        }
        assertThat(probes).hasSizeGreaterThanOrEqualTo(80);
        assertThat(failures).as("hostile requests not answered with a 4xx problem").isEmpty();
        assertThat(api.http.get("/actuator/health").statusCode()).isEqualTo(200);
        figures.put("Hostile requests", probes.size() + " requests, answers " + statuses + ", all problem+json, no 5xx; healthy after");
    }

    @Test
    @Order(6)
    void readsUnderLoadFailNoneAndCostTheTrainingLittle() throws Exception {
        // resnet-mini: epochs of several seconds, so that a few seconds of noise do not decide the figure
        String spec = spec("load-%s", 800, 4, 20, 5).replace("resnet-tiny", "resnet-mini");
        long quiet = train(spec.formatted("quiet"));
        List<String> reads = List.of("/api/experiments?size=20", "/api/experiments/" + quiet + "/metrics",
                "/api/experiments/" + quiet + "/charts/history.png", "/api/experiments/" + quiet, "/api/charts/compare.png?ids=" + quiet,
                "/api/workers");
        // the same load first with nothing training: the API node's JIT compiles its paths, as in a service that runs for days
        ReadLoad warmUp = ReadLoad.start(api.http, 60, reads);
        Thread.sleep(20_000);
        warmUp.stop();
        ReadLoad load = ReadLoad.start(api.http, 60, reads);
        long loaded;
        try {
            loaded = train(spec.formatted("loaded"));
        } finally {
            load.stop();
        }
        // quiet again: the loaded run is compared with the quiet runs on either side of it, so a drift of the machine
        // (a neighbour, a turbo budget) counts against neither
        long quietAfter = train(spec.formatted("quiet-after"));
        double before = (medianImagesPerSecond(quiet) + medianImagesPerSecond(quietAfter)) / 2;
        double under = medianImagesPerSecond(loaded);
        double drop = 1 - under / before;
        assertThat(load.errors()).as("errors under load: " + load.errorSamples()).isZero();
        assertThat(load.requestsPerSecond()).isGreaterThanOrEqualTo(50);
        figures.put("Reads under load", String.format("%d requests at %.1f req/s (list, metrics, history chart, comparison chart, "
                        + "experiment, workers; after a 20 s warm-up at the same rate), 0 errors, p50 %.0f ms, p99 %.0f ms; resnet-mini "
                        + "training %.1f img/s quiet (mean of the runs before and after), %.1f img/s under load: a drop of %.1f%% "
                        + "(the reads and the training share the machine's 2 cores)", load.requests(), load.requestsPerSecond(),
                load.percentileMillis(50), load.percentileMillis(99), before, under, 100 * drop));
    }

    private long train(String spec) {
        long id = api.submit(spec);
        LrlabInstance.await(spec, Duration.ofMinutes(6), () -> api.get("/api/experiments/" + id).get("status").asString().equals("COMPLETED"));
        return id;
    }

    private double medianImagesPerSecond(long id) {
        List<Double> values = new ArrayList<>();
        // the first epoch warms the JIT and native code up
        api.get("/api/experiments/" + id + "/metrics").forEach(m -> {
            if (m.get("epoch").asInt() > 0) {
                values.add(m.get("imagesPerSecond").asDouble());
            }
        });
        Collections.sort(values);
        return values.get(values.size() / 2);
    }

    /**
     * A study decides at its trials' epoch ends, on the node that trains them: kill those nodes while they train, and
     * the study still ends with exactly its budget of trials, numbered without a gap, each its own experiment, each
     * epoch recorded once, none left waiting at a rung.
     */
    @Test
    @Order(7)
    void aStudySurvivesTheNodesDecidingForItKilledMidRun() throws Exception {
        var created = api.http.post("/api/studies", """
                {"name": "chaos study", "space": {"schedule": ["step", "linear", "cosine"], "initialLr": {"low": 0.01, "high": 0.2}},
                 "epochs": 4, "sampler": "tpe", "seed": 11, "pruner": {"type": "asha", "minEpochs": 1, "eta": 2},
                 "budget": {"trials": 8}, "parallelism": 3, "seeds": [1],
                 "model": "resnet-tiny", "trainLimit": 300, "testLimit": 20, "batchSize": 10}""");
        assertThat(created.statusCode()).as(io.lrlab.web.Http.text(created)).isEqualTo(202);
        long study = LrlabInstance.JSON.readTree(created.body()).get("id").asLong();
        Random random = new Random(20261205);
        List<CompletableFuture<Void>> restarts = new ArrayList<>();
        int kills = 0;
        try {
            while (kills < 3 && !"COMPLETED".equals(api.get("/api/studies/" + study).get("state").asString())) {
                Thread.sleep(500 + random.nextInt(1500));
                Set<Long> trials = new java.util.HashSet<>();
                api.get("/api/studies/" + study).get("trials").forEach(t -> trials.add(t.get("experimentId").asLong()));
                List<String> deciding = new ArrayList<>();
                api.get("/api/workers").forEach(w -> {
                    if (w.hasNonNull("experiment") && trials.contains(w.get("experiment").asLong()) && workers.containsKey(w.get("id").asString())) {
                        deciding.add(w.get("id").asString());
                    }
                });
                if (deciding.isEmpty() || workers.size() < 2) {
                    continue;
                }
                String victim = deciding.get(random.nextInt(deciding.size()));
                workers.remove(victim).kill();
                kills++;
                restarts.add(CompletableFuture.runAsync(() -> workers.put(victim, startWorker(victim))));
            }
            LrlabInstance.await("the study", Duration.ofMinutes(10), () -> "COMPLETED".equals(api.get("/api/studies/" + study).get("state").asString()));
        } finally {
            restarts.forEach(CompletableFuture::join);
        }
        JsonNode view = api.get("/api/studies/" + study);
        List<Integer> numbers = new ArrayList<>();
        Set<Long> experiments = new java.util.HashSet<>();
        int search = 0;
        for (JsonNode t : view.get("trials")) {
            numbers.add(t.get("number").asInt());
            assertThat(experiments.add(t.get("experimentId").asLong())).as("trial %s has an experiment of its own", t.get("number")).isTrue();
            String status = t.get("status").asString();
            assertThat(status).as("trial " + t.get("number")).isIn("COMPLETED", "PRUNED");
            List<Integer> epochs = new ArrayList<>();
            api.get("/api/experiments/" + t.get("experimentId").asLong() + "/metrics").forEach(m -> epochs.add(m.get("epoch").asInt()));
            for (int e = 0; e < epochs.size(); e++) {
                assertThat(epochs.get(e)).as("trial %s: every epoch once", t.get("number")).isEqualTo(e);
            }
            if (t.get("kind").asString().equals("search")) {
                search++;
                assertThat(t.get("atRungs").size()).as("trial %s: one decision per rung reached", t.get("number"))
                        .isEqualTo(Math.min(epochs.size(), 2));
            }
        }
        assertThat(search).isEqualTo(8);
        assertThat(numbers).containsExactlyElementsOf(java.util.stream.IntStream.range(0, numbers.size()).boxed().toList());
        assertThat(view.get("best").get("confirmation").get("n").asInt()).isEqualTo(1);
        assertThat(kills).as("trial workers killed").isGreaterThanOrEqualTo(1);
        figures.put("Study under kills", kills + " workers SIGKILLed while training a study's trials (asha, 8 trials x 4 epochs, "
                + "parallelism 3): COMPLETED with trials 0.." + (numbers.size() - 1) + ", each its own experiment, every epoch once");
    }

    /**
     * Population-based training under kills: the nodes training the members die mid-run, and the population still ends
     * with each generation decided once (one exploit per generation of three members), every epoch recorded once, and
     * every member training after each boundary at the rate decided there, wherever it was resumed.
     */
    @Test
    @Order(8)
    void aPopulationSurvivesTheNodesTrainingItKilledMidRun() throws Exception {
        var created = api.http.post("/api/studies", """
                {"name": "chaos pbt", "method": "pbt", "space": {"initialLr": {"low": 0.01, "high": 0.2}}, "epochs": 4, "seed": 5,
                 "population": {"size": 3, "interval": 1, "quantile": 0.34},
                 "model": "resnet-tiny", "trainLimit": 300, "testLimit": 20, "batchSize": 10}""");
        assertThat(created.statusCode()).as(io.lrlab.web.Http.text(created)).isEqualTo(202);
        long study = LrlabInstance.JSON.readTree(created.body()).get("id").asLong();
        Random random = new Random(20261207);
        List<CompletableFuture<Void>> restarts = new ArrayList<>();
        int kills = 0;
        try {
            while (kills < 2 && !"COMPLETED".equals(api.get("/api/studies/" + study).get("state").asString())) {
                Thread.sleep(500 + random.nextInt(1500));
                Set<Long> members = new java.util.HashSet<>();
                api.get("/api/studies/" + study).get("trials").forEach(t -> members.add(t.get("experimentId").asLong()));
                List<String> training = new ArrayList<>();
                api.get("/api/workers").forEach(w -> {
                    if (w.hasNonNull("experiment") && members.contains(w.get("experiment").asLong()) && workers.containsKey(w.get("id").asString())) {
                        training.add(w.get("id").asString());
                    }
                });
                if (training.isEmpty() || workers.size() < 2) {
                    continue;
                }
                String victim = training.get(random.nextInt(training.size()));
                workers.remove(victim).kill();
                kills++;
                restarts.add(CompletableFuture.runAsync(() -> workers.put(victim, startWorker(victim))));
            }
            LrlabInstance.await("the population", Duration.ofMinutes(10),
                    () -> "COMPLETED".equals(api.get("/api/studies/" + study).get("state").asString()));
        } finally {
            restarts.forEach(CompletableFuture::join);
        }
        JsonNode view = api.get("/api/studies/" + study);
        Map<Integer, JsonNode> metrics = new HashMap<>();
        for (JsonNode t : view.get("trials")) {
            assertThat(t.get("status").asString()).as("member " + t.get("number")).isEqualTo("COMPLETED");
            JsonNode curve = api.get("/api/experiments/" + t.get("experimentId").asLong() + "/metrics");
            assertThat(curve).as("member %s: every epoch once", t.get("number")).hasSize(4);
            for (int e = 0; e < 4; e++) {
                assertThat(curve.get(e).get("epoch").asInt()).isEqualTo(e);
            }
            metrics.put(t.get("number").asInt(), curve);
        }
        assertThat(metrics).hasSize(3);
        List<JsonNode> exploits = new ArrayList<>();
        view.get("exploits").forEach(exploits::add);
        assertThat(exploits).as("three generations of three decisions").hasSize(9);
        for (int g = 0; g < 3; g++) {
            int generation = g;
            assertThat(exploits.stream().filter(x -> x.get("generation").asInt() == generation && x.has("donor")))
                    .as("generation %d: one exploit", g).hasSize(1);
        }
        for (JsonNode x : exploits) {
            JsonNode next = metrics.get(x.get("member").asInt()).get(x.get("generation").asInt() + 1);
            assertThat(next.get("actualLr").asDouble()).as("member %s after generation %s", x.get("member"), x.get("generation"))
                    .isCloseTo(x.get("lr").asDouble(), org.assertj.core.data.Percentage.withPercentage(1e-4));
        }
        assertThat(kills).as("member workers killed").isGreaterThanOrEqualTo(1);
        figures.put("Population under kills", kills + " workers SIGKILLed while training a population's members (pbt, 3 members x "
                + "4 epochs, an exploit every epoch): COMPLETED, each generation decided once, every epoch once, each member at "
                + "its decided rate after every boundary");
    }

    private boolean allFinished(List<Long> ids) {
        JsonNode page = api.get("/api/experiments?size=100&tag=reliability");
        Map<Long, String> status = new HashMap<>();
        page.get("content").forEach(e -> status.put(e.get("id").asLong(), e.get("status").asString()));
        return ids.stream().allMatch(id -> FINISHED.contains(status.getOrDefault(id, "")));
    }

    private static String postgresCluster() throws IOException {
        boolean tools = Files.isExecutable(Path.of("/usr/bin/pg_ctlcluster")) && Files.isDirectory(Path.of("/etc/postgresql"));
        assumeTrue(tools || System.getenv("CI") != null, "no pg_ctlcluster here to restart PostgreSQL with");
        try (var versions = Files.list(Path.of("/etc/postgresql"))) {
            return versions.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow();
        }
    }

    private static void pgctl(String version, String action) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action));
        if (action.equals("stop")) {
            command.addAll(List.of("-m", "fast"));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        if (action.equals("start")) {
            LrlabInstance.await("PostgreSQL back", Duration.ofSeconds(60), TestPostgres::reachable);
        }
    }

    private static String fmt(double seconds) {
        return String.format("%.1f", seconds);
    }
}
