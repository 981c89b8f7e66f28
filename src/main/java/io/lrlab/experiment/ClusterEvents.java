package io.lrlab.experiment;

import io.lrlab.training.EpochMetrics;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * An experiment's epochs and status changes, told to the SSE subscribers of every node. Always delivered to this
 * process's subscribers at once; on PostgreSQL also sent with {@code NOTIFY} to the other nodes, which read the epoch
 * or status from the database and tell their own subscribers. On H2 one process is the whole system and nothing
 * leaves it. A notice is small (experiment, kind, epoch), never the data, so it stays far below NOTIFY's 8000 bytes.
 */
@Component
public class ClusterEvents implements SmartLifecycle {

    static final String CHANNEL = "lrlab_events";
    private static final Logger log = LoggerFactory.getLogger(ClusterEvents.class);

    private final ExperimentEvents local;
    private final ExperimentQueries queries;
    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final String node = UUID.randomUUID().toString();
    private volatile boolean postgres;
    private volatile boolean running;
    private Thread listener;

    ClusterEvents(ExperimentEvents local, ExperimentQueries queries, DataSource dataSource, JdbcTemplate jdbc, ObjectMapper json) {
        this.local = local;
        this.queries = queries;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.json = json;
    }

    public void epoch(long id, EpochMetrics metrics) {
        local.publish(id, "epoch", metrics);
        send(id, "epoch", metrics.epoch());
    }

    public void status(long id, ExperimentView view) {
        deliverStatus(id, view);
        send(id, "status", null);
    }

    private void deliverStatus(long id, ExperimentView view) {
        if (view.status().isFinished()) {
            local.finish(id, view);
        } else {
            local.publish(id, "status", view);
        }
    }

    private void send(long id, String kind, Integer epoch) {
        if (!postgres) {
            return;
        }
        try {
            String notice = json.writeValueAsString(epoch == null ? Map.of("node", node, "id", id, "kind", kind)
                    : Map.of("node", node, "id", id, "kind", kind, "epoch", epoch));
            jdbc.queryForObject("SELECT pg_notify(?, ?)", Object.class, CHANNEL, notice);
        } catch (RuntimeException e) {
            // the database is away: the other nodes' subscribers catch up when their listener reconnects
            log.warn("Could not notify other nodes of experiment {}'s {}: {}", id, kind, e.getMessage());
        }
    }

    @Override
    public void start() {
        try (Connection c = dataSource.getConnection()) {
            postgres = c.isWrapperFor(PGConnection.class);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database: " + e.getMessage(), e);
        }
        running = true;
        if (postgres) {
            listener = new Thread(this::listen, "lrlab-events");
            listener.setDaemon(true);
            listener.start();
        }
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Holds one connection that LISTENs; reconnects after the database comes back and catches its subscribers up. */
    private void listen() {
        boolean reconnect = false;
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                if (reconnect) {
                    log.info("Listening to other nodes' events again");
                    catchUp();
                }
                reconnect = true;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notices = pg.getNotifications(1000);
                    if (notices != null) {
                        for (PGNotification notice : notices) {
                            deliver(notice.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Lost the connection that listens to other nodes' events ({}); retrying", e.getMessage());
                reconnect = true;
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void deliver(String payload) {
        JsonNode notice = json.readTree(payload);
        if (node.equals(notice.path("node").asString())) {
            return;
        }
        long id = notice.path("id").asLong();
        if (!local.hasSubscribers(id)) {
            return;
        }
        try {
            if ("epoch".equals(notice.path("kind").asString())) {
                queries.metricsAt(id, notice.path("epoch").asInt()).ifPresent(m -> local.publish(id, "epoch", m));
            } else {
                deliverStatus(id, queries.get(id));
            }
        } catch (RuntimeException e) {
            log.debug("Experiment {} is gone: {}", id, e.getMessage());
        }
    }

    /** Notices sent while this node was not listening are lost: tell its subscribers where each experiment is now. */
    private void catchUp() {
        for (long id : local.subscribed()) {
            try {
                deliverStatus(id, queries.get(id));
            } catch (RuntimeException e) {
                log.debug("Experiment {} is gone: {}", id, e.getMessage());
            }
        }
    }
}
