package io.lrlab.experiment;

import io.lrlab.security.Caller;
import io.lrlab.dataset.DatasetContent;
import io.lrlab.dataset.DatasetRegistry;
import io.lrlab.dataset.RegistrySettings;
import io.lrlab.model.ModelCatalog;
import org.springframework.util.unit.DataSize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lrlab.SettableClock;
import io.lrlab.artifact.DatabaseArtifactStore;
import io.lrlab.artifact.ArtifactStore;
import io.lrlab.training.EpochMetrics;
import io.lrlab.error.QueueFullException;
import io.lrlab.system.StorageSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The queue's rules on the real schema (Flyway, H2 in PostgreSQL mode) with no web layer and no worker: ordering,
 * the queue limit, lease expiry on a settable clock, and fencing of stale workers. Every write commits, as in
 * production.
 */
@DataJpaTest(properties = "spring.datasource.url=jdbc:h2:mem:queue;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1")
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@Import({ExperimentQueue.class, ExperimentAdmission.class, ExperimentQueries.class, ExperimentViews.class, LiveProgress.class,
        ModelCatalog.class, ExperimentArtifacts.class, DatabaseArtifactStore.class, DatasetRegistry.class, DatasetContent.class,
        ExperimentQueueTest.Settings.class})
class ExperimentQueueTest {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @TestConfiguration(proxyBeanMethods = false)
    static class Settings {
        @Bean
        SettableClock clock() {
            return new SettableClock(START);
        }

        @Bean
        ObjectMapper json() {
            return JsonMapper.builder().build();
        }

        @Bean
        QueueSettings queueSettings() {
            return new QueueSettings(3, 20_000);
        }

        /** Three attempts in a row without progress, then FAILED; 5 s back-off doubling to at most 12 s. */
        @Bean
        HandBackPolicy handBackPolicy() {
            return new HandBackPolicy(3, Duration.ofSeconds(5), Duration.ofSeconds(12));
        }

        /** Data sets: CIFAR-10 alone, no folder allowed. */
        @Bean
        RegistrySettings registrySettings() {
            return new RegistrySettings(java.util.List.of(), DataSize.ofGigabytes(1), 1000, DataSize.ofGigabytes(1));
        }

        @Bean
        StorageSettings storageSettings() {
            return new StorageSettings(Path.of("target/test-data/queue"));
        }
    }

    @Autowired
    ExperimentQueue queue;
    @Autowired
    ExperimentAdmission admission;
    @Autowired
    ExperimentQueries queries;
    @Autowired
    ExperimentRepository experiments;
    @Autowired
    SettableClock clock;
    @Autowired
    ArtifactStore artifacts;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @BeforeEach
    void emptyQueue() {
        jdbc.update("DELETE FROM experiment");
    }

    private long submit(int priority) {
        return submit(priority, null);
    }

    private long submit(int priority, String precision) {
        return admission.submit(new ExperimentRequest(null, "none", 0.1, 1, null, "resnet-tiny", null, null, null, null,
                10, null, null, List.of(), priority, null, null, precision), Caller.ANYONE).id();
    }

    @Test
    void aWorkerWithoutBfloat16PassesBfloat16ExperimentsByAndOneWithItTakesThemInTurn() {
        long bf16 = submit(5, "bfloat16");
        long f32 = submit(0, "float32");
        long unnamed = submit(0);
        assertThat(queries.get(bf16).spec().precision()).isEqualTo("bfloat16");
        assertThat(queries.get(unnamed).spec().precision()).as("the process default").isEqualTo("float32");
        assertThat(queue.claimNext("f32-only", Duration.ofMinutes(1), false).orElseThrow().experimentId()).isEqualTo(f32);
        assertThat(queue.claimNext("f32-only", Duration.ofMinutes(1), false).orElseThrow().experimentId()).isEqualTo(unnamed);
        assertThat(queue.claimNext("f32-only", Duration.ofMinutes(1), false)).as("only the bfloat16 one is left").isEmpty();
        assertThat(status(bf16)).isEqualTo(ExperimentStatus.QUEUED);
        assertThat(queue.claimNext("bf16", Duration.ofMinutes(1), true).orElseThrow().experimentId()).isEqualTo(bf16);
        assertThatThrownBy(() -> submit(0, "fp16")).isInstanceOf(io.lrlab.error.InvalidInputException.class)
                .hasMessageContaining("precision");
    }

    private ExperimentStatus status(long id) {
        return queries.get(id).status();
    }

    @Test
    void claimsTheHighestPriorityFirstThenTheOldest() {
        long older = submit(0);
        long newer = submit(0);
        long urgent = submit(5);
        assertThat(queue.claimNext("w", Duration.ofMinutes(1)).orElseThrow().experimentId()).isEqualTo(urgent);
        assertThat(queue.claimNext("w", Duration.ofMinutes(1)).orElseThrow().experimentId()).isEqualTo(older);
        assertThat(queue.claimNext("w", Duration.ofMinutes(1)).orElseThrow().experimentId()).isEqualTo(newer);
        assertThat(queue.claimNext("w", Duration.ofMinutes(1))).as("nothing left").isEmpty();
        assertThat(status(urgent)).isEqualTo(ExperimentStatus.RUNNING);
    }

    @Test
    void aLeaseExpiresOnlyOnceTheClockPassesItAndTheStaleWorkerIsFencedOut() {
        long id = submit(0);
        Claim ghost = queue.claimNext("ghost", Duration.ofMinutes(1)).orElseThrow();

        clock.advance(Duration.ofSeconds(59));
        assertThat(queue.requeueExpired()).as("lease still held").isEmpty();
        clock.advance(Duration.ofSeconds(2));
        assertThat(queue.requeueExpired()).extracting(HandBack::outcome).containsExactly(HandBack.Outcome.REQUEUED);
        assertThat(status(id)).isEqualTo(ExperimentStatus.QUEUED);
        assertThat(queue.claimNext("alive", Duration.ofMinutes(1))).as("not within the back-off").isEmpty();
        clock.advance(Duration.ofSeconds(5));

        Claim alive = queue.claimNext("alive", Duration.ofMinutes(1)).orElseThrow();
        assertThat(alive.experimentId()).isEqualTo(id);
        assertThat(alive.attempt()).isEqualTo(2);
        assertThat(queue.renew(ghost, Duration.ofMinutes(1), java.util.Optional.empty())).as("the stale worker cannot renew").isFalse();
        assertThat(queue.handBack(ghost, "stale").outcome()).as("nor hand it back").isEqualTo(HandBack.Outcome.NOT_HELD);
        assertThat(queue.finish(ghost, ExperimentStatus.FAILED, "stale", null)).as("nor overwrite the state").isFalse();
        assertThat(status(id)).isEqualTo(ExperimentStatus.RUNNING);

        clock.advance(Duration.ofSeconds(50));
        assertThat(queue.renew(alive, Duration.ofMinutes(1), java.util.Optional.empty())).isTrue();
        clock.advance(Duration.ofSeconds(50));
        assertThat(queue.requeueExpired()).as("renewed 50 s ago for a minute").isEmpty();
        assertThat(queue.finish(alive, ExperimentStatus.COMPLETED, null, null)).isTrue();
        assertThat(status(id)).isEqualTo(ExperimentStatus.COMPLETED);
    }

    @Test
    void aStaleWorkerCanWriteNeitherACheckpointNorAnEpochAndAnEpochCommitsWithItsCheckpoint() {
        long id = submit(0);
        Claim ghost = queue.claimNext("ghost", Duration.ofMinutes(1)).orElseThrow();
        byte[] first = "checkpoint after epoch 1".getBytes();
        queue.saveCheckpoint(ghost, epoch(0), first, first.length);
        assertThat(checkpoint(id)).isEqualTo("checkpoint after epoch 1");
        assertThat(queries.metrics(id)).extracting(EpochMetrics::epoch).containsExactly(0);

        clock.advance(Duration.ofMinutes(2));
        queue.requeueExpired();
        clock.advance(Duration.ofSeconds(5));
        Claim alive = queue.claimNext("alive", Duration.ofMinutes(1)).orElseThrow();
        byte[] stale = "stale checkpoint after epoch 2".getBytes();
        assertThatThrownBy(() -> queue.saveCheckpoint(ghost, epoch(1), stale, stale.length)).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> queue.saveCheckpoint(ghost, null, stale, stale.length)).isInstanceOf(LeaseLostException.class);
        assertThat(checkpoint(id)).as("the stale worker's checkpoint was not written").isEqualTo("checkpoint after epoch 1");
        assertThat(queries.metrics(id)).as("nor its epoch").extracting(EpochMetrics::epoch).containsExactly(0);

        byte[] mid = "mid-epoch checkpoint".getBytes();
        queue.saveCheckpoint(alive, null, mid, mid.length);
        assertThat(checkpoint(id)).isEqualTo("mid-epoch checkpoint");
        byte[] second = "checkpoint after epoch 2".getBytes();
        queue.saveCheckpoint(alive, epoch(1), second, second.length);
        assertThat(checkpoint(id)).isEqualTo("checkpoint after epoch 2");
        assertThat(queries.metrics(id)).extracting(EpochMetrics::epoch).containsExactly(0, 1);
    }

    @Test
    void aCheckpointCorruptedInTheDatabaseIsRefusedWhenReadBack() {
        long id = submit(0);
        Claim claim = queue.claimNext("w", Duration.ofMinutes(1)).orElseThrow();
        byte[] bytes = "a whole checkpoint".getBytes();
        queue.saveCheckpoint(claim, null, bytes, bytes.length);
        jdbc.update("UPDATE artifact SET content = ? WHERE experiment_id = ?", "a half checkpoint".getBytes(), id);
        assertThatThrownBy(() -> checkpoint(id)).hasMessageContaining("is corrupt: SHA-256");
    }

    private static EpochMetrics epoch(int epoch) {
        return new EpochMetrics(epoch, 0.1, 0.1, 2.0, 0.3, 2.1, 0.25, 1.0, 100);
    }

    private String checkpoint(long id) {
        return artifacts.read(id, ExperimentQueue.CHECKPOINT, in -> new String(in.readAllBytes())).orElse(null);
    }

    @Test
    void aFullQueueRefusesTheNextExperimentAndAFinishedOneMakesRoom() {
        submit(0);
        submit(0);
        submit(0);
        assertThatThrownBy(() -> submit(0)).isInstanceOf(QueueFullException.class).hasMessageContaining("already holds 3");
        queue.claimNext("w", Duration.ofMinutes(1)).orElseThrow();
        submit(0);
    }

    @Test
    void aHandedBackExperimentWaitsOutAGrowingBackOffAndFailsAfterMaxAttemptsWithoutProgressNamingTheReasons() {
        long id = submit(0);
        Claim first = queue.claimNext("w", Duration.ofMinutes(1)).orElseThrow();
        HandBack back = queue.handBack(first, "could not reach the database");
        assertThat(back.outcome()).isEqualTo(HandBack.Outcome.REQUEUED);
        assertThat(back.delay()).isEqualTo(Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(4));
        assertThat(queue.claimNext("w", Duration.ofMinutes(1))).as("4 s into a 5 s back-off").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        Claim second = queue.claimNext("w", Duration.ofMinutes(1)).orElseThrow();

        assertThat(queue.handBack(second, "the worker stopped").delay()).as("doubled").isEqualTo(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(9));
        assertThat(queue.claimNext("w", Duration.ofMinutes(1))).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        Claim third = queue.claimNext("w", Duration.ofMinutes(1)).orElseThrow();

        HandBack last = queue.handBack(third, "the database was away again");
        assertThat(last.outcome()).as("the third attempt in a row without progress").isEqualTo(HandBack.Outcome.FAILED);
        assertThat(status(id)).isEqualTo(ExperimentStatus.FAILED);
        assertThat(queries.get(id).error()).contains("gave up after 3 attempts")
                .contains("attempt 1: could not reach the database", "attempt 2: the worker stopped", "attempt 3: the database was away again");
        assertThat(queue.claimNext("w", Duration.ofMinutes(1))).as("nothing to claim").isEmpty();
    }

    @Test
    void progressStartsTheCountAgainAndTheBackOffIsCapped() {
        long id = submit(0);
        Claim claim = queue.claimNext("w", Duration.ofMinutes(1)).orElseThrow();
        queue.handBack(claim, "one");
        clock.advance(Duration.ofMinutes(1));
        claim = queue.claimNext("w", Duration.ofMinutes(1)).orElseThrow();
        queue.handBack(claim, "two");
        clock.advance(Duration.ofMinutes(1));
        claim = queue.claimNext("w", Duration.ofMinutes(1)).orElseThrow();
        byte[] bytes = "an epoch's checkpoint".getBytes();
        queue.saveCheckpoint(claim, epoch(0), bytes, bytes.length);
        HandBack afterProgress = queue.handBack(claim, "three, after an epoch");
        assertThat(afterProgress.outcome()).isEqualTo(HandBack.Outcome.REQUEUED);
        assertThat(afterProgress.stalled()).as("counted from the epoch on").isEqualTo(1);

        clock.advance(Duration.ofMinutes(1));
        claim = queue.claimNext("w", Duration.ofMinutes(1)).orElseThrow();
        queue.saveCheckpoint(claim, null, bytes, bytes.length);
        assertThat(queue.handBack(claim, "after a mid-epoch checkpoint").stalled()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        claim = queue.claimNext("w", Duration.ofMinutes(1)).orElseThrow();
        HandBack second = queue.handBack(claim, "no progress");
        assertThat(second.stalled()).isEqualTo(2);
        assertThat(second.delay()).as("10 s, under the 12 s cap").isEqualTo(Duration.ofSeconds(10));
        assertThat(status(id)).isEqualTo(ExperimentStatus.QUEUED);
        assertThat(new HandBackPolicy(9, Duration.ofSeconds(5), Duration.ofSeconds(12)).backoff(5)).as("capped").isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void aListingCountsUpToItsCapAndSaysWhenItStoppedCounting() {
        long queued = submit(0);
        jdbc.update("""
                INSERT INTO experiment (name, schedule, model, initial_lr, epochs, spec, status, priority, created_at, attempts,
                                        cancel_requested, epochs_completed, version)
                SELECT 'bulk ' || "X", 'step', 'resnet-tiny', 0.1, 1, (SELECT spec FROM experiment WHERE id = ?), 'COMPLETED', 0,
                       CURRENT_TIMESTAMP, 0, FALSE, 0, 0
                  FROM SYSTEM_RANGE(1, ?)""", queued, ExperimentQueries.TOTAL_CAP);
        var all = queries.list(new ExperimentQueries.Filter(null, null, null, null, null), 3, 20, null);
        assertThat(all.content()).hasSize(20);
        assertThat(all.totalElements()).as("one past the cap").isEqualTo(ExperimentQueries.TOTAL_CAP);
        assertThat(all.totalExact()).isFalse();
        var completed = queries.list(new ExperimentQueries.Filter(ExperimentStatus.COMPLETED, null, null, null, null), 2, 20, null);
        assertThat(completed.totalElements()).as("exactly the cap").isEqualTo(ExperimentQueries.TOTAL_CAP);
        assertThat(completed.totalExact()).isTrue();
        assertThat(completed.totalPages()).isEqualTo(ExperimentQueries.TOTAL_CAP / 20);
        var few = queries.list(new ExperimentQueries.Filter(ExperimentStatus.QUEUED, null, null, null, null), 0, 20, null);
        assertThat(few.content()).extracting(ExperimentView::id).containsExactly(queued);
        assertThat(few.totalElements()).isEqualTo(1);
        assertThat(few.totalExact()).isTrue();
        assertThat(experiments.queueDepth()).as("the counter").isEqualTo(1);
        var named = queries.list(new ExperimentQueries.Filter(null, null, null, "bulk 99", null), 0, 5, "name,asc");
        assertThat(named.content()).extracting(ExperimentView::name).containsExactly("bulk 99", "bulk 990", "bulk 991",
                "bulk 992", "bulk 993");
        assertThat(named.totalElements()).isEqualTo(11);
        assertThat(named.totalExact()).isTrue();
        var beyond = queries.list(new ExperimentQueries.Filter(null, null, null, "bulk 99", null), 3, 5, "name,asc");
        assertThat(beyond.content()).isEmpty();
        assertThat(beyond.totalElements()).as("a page past the end still counts").isEqualTo(11);
    }

    @Test
    void theQueueDepthCounterFollowsEveryChangeOfStatus() {
        long a = submit(0);
        long b = submit(0);
        submit(0);
        assertThat(experiments.queueDepth()).isEqualTo(3);
        Claim claim = queue.claimNext("w", Duration.ofMinutes(1)).orElseThrow();
        assertThat(experiments.queueDepth()).isEqualTo(2);
        queue.handBack(claim, "back");
        assertThat(experiments.queueDepth()).isEqualTo(3);
        jdbc.update("UPDATE experiment SET status = 'CANCELLED' WHERE id = ?", b);
        assertThat(experiments.queueDepth()).isEqualTo(2);
        jdbc.update("DELETE FROM experiment WHERE id = ?", a);
        assertThat(experiments.queueDepth()).isEqualTo(1);
        assertThat(experiments.queueDepth()).isEqualTo(experiments.countByStatus(ExperimentStatus.QUEUED));
    }
}
