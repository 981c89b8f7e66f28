package io.lrlab.error;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether a failure means the database is away (restarting, unreachable, out of connections) rather than a bug:
 * the API answers 503 and a worker keeps or regains its experiment instead of failing it.
 */
public final class DatabaseOutage {

    private DatabaseOutage() {
    }

    /**
     * Runs {@code action}, trying again every half second while the database is away, for at most {@code patience};
     * then (or on any other failure) the failure propagates.
     */
    public static <T> T retry(Duration patience, Supplier<T> action) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                if (!isCause(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CannotCreateTransactionException || t instanceof DataAccessResourceFailureException
                    || t instanceof TransientDataAccessResourceException || t instanceof RecoverableDataAccessException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof ConnectException) {
                return true;
            }
            // 08: connection exception; 57P01-57P03: the server shuts down, crashed, or is starting
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            // HikariCP's proxy, when the server closed a connection in use: no SQLState, only these words
            if (t instanceof SQLException sql && sql.getMessage() != null && sql.getMessage().contains("Connection is closed")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
