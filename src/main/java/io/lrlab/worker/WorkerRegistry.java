package io.lrlab.worker;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import io.lrlab.training.Precision;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Each worker's heartbeat in the shared database, so that any node can list the live workers, when each was last seen
 * and what it trains. Only a worker writes its own row.
 */
@Component
class WorkerRegistry {

    /**
     * A worker as the API lists it.
     *
     * @param precisions what it trains in: float32, and bfloat16 where its CPU has AVX512_BF16 or AMX
     */
    record WorkerView(String id, Instant startedAt, Instant lastSeen, Long experiment, List<String> precisions) {
    }

    /** What this process's worker can train in, as its row says (asked of the native kernels when a worker first beats). */
    private static String precisions() {
        return String.join(",", Precision.bfloat16Here() ? Precision.ids() : List.of(Precision.FLOAT32.id()));
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    WorkerRegistry(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void beat(String worker, Long experiment) {
        Timestamp now = Timestamp.from(clock.instant());
        if (jdbc.update("UPDATE worker SET last_seen = ?, experiment_id = ?, precisions = ? WHERE id = ?", now, experiment, precisions(),
                worker) == 0) {
            jdbc.update("INSERT INTO worker (id, started_at, last_seen, experiment_id, precisions) VALUES (?, ?, ?, ?, ?)", worker, now, now,
                    experiment, precisions());
        }
    }

    void remove(String worker) {
        jdbc.update("DELETE FROM worker WHERE id = ?", worker);
    }

    /** Drops the rows of workers silent for longer than {@code silence}: killed, not stopped. */
    int forgetSilent(Duration silence) {
        return jdbc.update("DELETE FROM worker WHERE last_seen < ?", Timestamp.from(clock.instant().minus(silence)));
    }

    /** Workers seen within {@code within}. */
    List<WorkerView> live(Duration within) {
        Timestamp since = Timestamp.from(clock.instant().minus(within));
        return jdbc.query("SELECT id, started_at, last_seen, experiment_id, precisions FROM worker WHERE last_seen >= ? ORDER BY id",
                (rs, i) -> new WorkerView(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(),
                        (Long) rs.getObject(4, Long.class), List.of(rs.getString(5).split(","))), since);
    }
}
