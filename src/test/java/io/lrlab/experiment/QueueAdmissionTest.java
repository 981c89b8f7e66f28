package io.lrlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.LrlabInstance;
import io.lrlab.TestPostgres;
import io.lrlab.web.Http;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;

/**
 * The queue's limit under concurrent submitters, and the queue-depth counter that admission and the gauge read instead
 * of counting the queue: on H2 and on PostgreSQL, through real HTTP on an API-only node, 40 submits from 8 threads at
 * once against a limit of 10 queue exactly 10; the counter equals the count of QUEUED experiments after cancels,
 * deletes and a sweep.
 */
@Tag("process")
class QueueAdmissionTest {

    private static final int LIMIT = 10;

    @Test
    void onH2(@TempDir Path dir) throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("lrlab").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        try (LrlabInstance lrlab = LrlabInstance.start(db, dir.resolve("data").toString(), "--lrlab.worker.enabled=false",
                "--lrlab.queue.max-queued=" + LIMIT)) {
            theLimitHoldsExactlyAndTheCounterFollowsEveryChange(lrlab);
        }
    }

    @Test
    @Tag("postgres")
    void onPostgres() throws Exception {
        try (TestPostgres pg = TestPostgres.newSchema()) {
            List<String> args = new ArrayList<>(pg.settings());
            args.add("--lrlab.worker.enabled=false");
            args.add("--lrlab.queue.max-queued=" + LIMIT);
            try (LrlabInstance lrlab = LrlabInstance.start(pg.url(), "target/test-data/" + pg.schema(), args.toArray(String[]::new))) {
                theLimitHoldsExactlyAndTheCounterFollowsEveryChange(lrlab);
            }
        }
    }

    private static void theLimitHoldsExactlyAndTheCounterFollowsEveryChange(LrlabInstance lrlab) throws Exception {
        Http http = lrlab.http;
        ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> accepted = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < 8; t++) {
            pool.submit(() -> {
                start.await();
                for (int i = 0; i < 5; i++) {
                    var response = http.post("/api/experiments", """
                            {"schedule": "none", "initialLr": 0.1, "epochs": 1, "model": "resnet-tiny", "trainLimit": 20,
                             "testLimit": 10, "tags": ["admission"]}""");
                    answers.add(response.statusCode());
                    if (response.statusCode() == 202) {
                        accepted.add(lrlab.json(response.body()).get("id").asLong());
                    }
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        assertThat(answers).hasSize(40);
        assertThat(answers.stream().filter(s -> s == 202)).as("accepted").hasSize(LIMIT);
        assertThat(answers.stream().filter(s -> s == 429)).as("refused: queue full").hasSize(40 - LIMIT);
        assertCounterMatches(lrlab, LIMIT);

        List<Long> ids = new ArrayList<>(accepted);
        for (long id : ids.subList(0, 3)) {
            assertThat(http.post("/api/experiments/" + id + "/cancel", "").statusCode()).isLessThan(300);
        }
        assertCounterMatches(lrlab, LIMIT - 3);
        assertThat(http.delete("/api/experiments/" + ids.get(3)).statusCode()).isLessThan(300);
        assertCounterMatches(lrlab, LIMIT - 4);
        assertThat(http.post("/api/sweeps", """
                {"schedules": ["step", "linear"], "initialLrs": [0.1], "epochs": 1, "model": "resnet-tiny", "trainLimit": 20,
                 "testLimit": 10}""").statusCode()).isLessThan(300);
        assertCounterMatches(lrlab, LIMIT - 2);
        assertThat(http.post("/api/sweeps", """
                {"schedules": ["step", "linear", "cosine"], "initialLrs": [0.1], "epochs": 1, "model": "resnet-tiny",
                 "trainLimit": 20, "testLimit": 10}""").statusCode()).as("3 more would pass the limit").isEqualTo(429);
        assertCounterMatches(lrlab, LIMIT - 2);
    }

    /** The gauge (the counter) and the listing's exact count of QUEUED experiments agree. */
    private static void assertCounterMatches(LrlabInstance lrlab, int expected) {
        var page = lrlab.get("/api/experiments?status=QUEUED&size=1");
        assertThat(page.get("totalElements").asInt()).isEqualTo(expected);
        assertThat(page.get("totalExact").asBoolean()).isTrue();
        String metrics = Http.text(lrlab.http.get("/actuator/prometheus"));
        Matcher m = Pattern.compile("(?m)^lrlab_queue_depth(?:\\{[^}]*\\})? ([0-9.eE+]+)$").matcher(metrics);
        assertThat(m.find()).as("lrlab_queue_depth in /actuator/prometheus").isTrue();
        assertThat(Double.parseDouble(m.group(1))).as("the counter").isEqualTo(expected);
    }
}
