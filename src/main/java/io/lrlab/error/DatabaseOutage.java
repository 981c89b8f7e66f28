package io.lrlab.error;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;

/**
 * Whether a failure means the database is away (restarting, unreachable, out of connections) rather than a bug: the API
 * answers 503 and a worker keeps or regains its experiment instead of failing it.
 * <p>
 * The rule goes by where a failure comes from, not by an exception type found anywhere in its chain: the outermost
 * exception that is not a mere wrapper must be raised by the database layer (Spring's data-access and transaction
 * exceptions, JDBC's {@link SQLException}, Hibernate's and JPA's persistence exceptions), and say that the connection
 * failed. A {@code ConnectException} from a download, a file system error, a native error or an out-of-memory is
 * therefore never an outage, whatever it wraps.
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
        Throwable origin = unwrap(failure);
        return isDatabaseLayer(origin) && lostConnection(origin);
    }

    /** The outermost exception that says something: plain wrappers (reflection, futures, bare RuntimeException) are looked through. */
    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t && isWrapper(t)) {
            t = t.getCause();
        }
        return t;
    }

    private static boolean isWrapper(Throwable t) {
        return t.getClass() == RuntimeException.class || t instanceof ExecutionException || t instanceof CompletionException
                || t instanceof UndeclaredThrowableException || t instanceof InvocationTargetException;
    }

    private static boolean isDatabaseLayer(Throwable t) {
        return t instanceof DataAccessException || t instanceof TransactionException || t instanceof SQLException
                || hasAncestor(t.getClass(), "jakarta.persistence.PersistenceException")
                || hasAncestor(t.getClass(), "org.hibernate.HibernateException");
    }

    private static boolean hasAncestor(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Inside the database layer's chain: a failure of the connection, not of the statement. */
    private static boolean lostConnection(Throwable origin) {
        for (Throwable t = origin; t != null; t = t.getCause()) {
            if (t instanceof CannotCreateTransactionException || t instanceof DataAccessResourceFailureException
                    || t instanceof TransientDataAccessResourceException || t instanceof RecoverableDataAccessException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException || t instanceof SocketException
                    || t.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) {
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
