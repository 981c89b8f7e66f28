package io.lrlab.experiment;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.h2.api.Trigger;

/**
 * H2's half of the queue-depth counter (PostgreSQL's is a PL/pgSQL trigger): after every insert, change of status or
 * delete of an experiment, adds or takes one from {@code queue_depth.queued} in the same transaction.
 */
public class QueueDepthTrigger implements Trigger {

    private static final String QUEUED = ExperimentStatus.QUEUED.name();
    private int status;

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before, int type)
            throws SQLException {
        try (var columns = conn.getMetaData().getColumns(null, schemaName, tableName, null)) {
            while (columns.next()) {
                if (columns.getString("COLUMN_NAME").equalsIgnoreCase("status")) {
                    status = columns.getInt("ORDINAL_POSITION") - 1;
                }
            }
        }
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        boolean was = oldRow != null && QUEUED.equals(oldRow[status]);
        boolean is = newRow != null && QUEUED.equals(newRow[status]);
        if (was == is) {
            return;
        }
        try (PreparedStatement update = conn.prepareStatement("UPDATE queue_depth SET queued = queued + ? WHERE id = 1")) {
            update.setInt(1, is ? 1 : -1);
            update.executeUpdate();
        }
    }
}
