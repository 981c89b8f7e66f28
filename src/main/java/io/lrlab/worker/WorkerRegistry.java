package io.lrlab.worker;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Each worker's heartbeat in the shared database, so that any node can list the live workers, when each was last seen
 * and what it trains. Only a worker writes its own row.
 */
@Component
class WorkerRegistry {

    /** A worker as the API lists it. */
    record WorkerView(String id, Instant startedAt, Instant lastSeen, Long experiment) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    WorkerRegistry(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void beat(String worker, Long experiment) {
        Timestamp now = Timestamp.from(clock.instant());
        if (jdbc.update("UPDATE worker SET last_seen = ?, experiment_id = ? WHERE id = ?", now, experiment, worker) == 0) {
            jdbc.update("INSERT INTO worker (id, started_at, last_seen, experiment_id) VALUES (?, ?, ?, ?)", worker, now, now, experiment);
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
        return jdbc.query("SELECT id, started_at, last_seen, experiment_id FROM worker WHERE last_seen >= ? ORDER BY id",
                (rs, i) -> new WorkerView(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(),
                        (Long) rs.getObject(4, Long.class)), since);
    }
}
