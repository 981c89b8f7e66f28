package io.lrlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.LrlabInstance;
import io.lrlab.web.Http;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The queue's rules with the worker off: ordering, limits, lease expiry and fencing of stale workers. */
class ExperimentQueueTest {

    static LrlabInstance lrlab;
    static ExperimentQueue queue;

    @BeforeAll
    static void start() {
        String id = UUID.randomUUID().toString();
        lrlab = LrlabInstance.start("jdbc:h2:mem:queue-" + id + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
                "target/test-data/queue-" + id, "--lrlab.worker-enabled=false", "--lrlab.max-queued=3");
        queue = lrlab.context.getBean(ExperimentQueue.class);
    }

    @AfterAll
    static void stop() {
        lrlab.close();
    }

    private static long submit(int priority) {
        return lrlab.submit("""
                {"schedule": "none", "initialLr": 0.1, "epochs": 1, "model": "resnet-tiny", "trainLimit": 10, "priority": %d}"""
                .formatted(priority));
    }

    @Test
    void claimsByPriorityThenAgeRequeuesExpiredLeasesAndFencesStaleWorkers() throws Exception {
        long low = submit(0);
        long high = submit(5);
        Claim first = queue.claimNext("ghost", Duration.ofMillis(1)).orElseThrow();
        assertThat(first.experimentId()).as("higher priority first").isEqualTo(high);
        assertThat(lrlab.status(high)).isEqualTo("RUNNING");

        Thread.sleep(20);
        assertThat(queue.requeueExpired()).isEqualTo(1);
        assertThat(lrlab.status(high)).isEqualTo("QUEUED");

        Claim second = queue.claimNext("alive", Duration.ofMinutes(1)).orElseThrow();
        assertThat(second.experimentId()).isEqualTo(high);
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(queue.renew(first, Duration.ofMinutes(1))).as("the stale worker cannot renew").isFalse();
        assertThat(queue.finish(first, ExperimentStatus.FAILED, "stale", null)).as("nor overwrite the state").isFalse();
        assertThat(lrlab.status(high)).isEqualTo("RUNNING");
        assertThat(queue.finish(second, ExperimentStatus.COMPLETED, null, null)).isTrue();
        assertThat(lrlab.status(high)).isEqualTo("COMPLETED");

        assertThat(lrlab.http.post("/api/experiments/" + low + "/cancel", "").statusCode()).isEqualTo(200);
        assertThat(lrlab.status(low)).isEqualTo("CANCELLED");
        assertThat(queue.claimNext("alive", Duration.ofMinutes(1))).as("nothing left").isEmpty();
    }

    @Test
    void aFullQueueAnswers429() {
        long a = submit(0);
        long b = submit(0);
        long c = submit(0);
        var refused = lrlab.http.post("/api/experiments", "{\"schedule\": \"none\", \"initialLr\": 0.1, \"epochs\": 1, \"trainLimit\": 10}");
        assertThat(refused.statusCode()).as(Http.text(refused)).isEqualTo(429);
        assertThat(Http.text(refused)).contains("queue-full");
        for (long id : new long[] {a, b, c}) {
            lrlab.http.post("/api/experiments/" + id + "/cancel", "");
        }
    }
}
