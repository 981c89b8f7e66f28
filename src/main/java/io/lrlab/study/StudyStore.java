package io.lrlab.study;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The study tables: studies, their trials (each an experiment) and their rung decisions. */
@Repository
class StudyStore {

    static final String SEARCHING = "SEARCHING";
    static final String CONFIRMING = "CONFIRMING";
    static final String COMPLETED = "COMPLETED";
    static final String CANCELLED = "CANCELLED";

    static final String SEARCH = "search";
    static final String CONFIRM = "confirm";

    record StudyRow(long id, String name, String spec, String state, int nextTrial, String submittedBy, Instant createdAt,
                    Instant finishedAt) {

        boolean open() {
            return SEARCHING.equals(state) || CONFIRMING.equals(state);
        }
    }

    /** A trial with where its experiment stands; the experiment's fields are null once it was deleted. */
    record TrialRow(int number, String kind, Long experimentId, String params, String status, Integer epochsCompleted) {

        /** Queued or training: it holds, or will hold, a worker. */
        boolean active() {
            return "QUEUED".equals(status) || "RUNNING".equals(status);
        }

        /** Waiting at a rung of successive halving. */
        boolean paused() {
            return "PAUSED".equals(status);
        }
    }

    record RungRow(int number, int rung, int epochs, double value, boolean promoted) {
    }

    /**
     * A member's part in a generation of population-based training: its value at the boundary, the member whose weights
     * it trains on from there (null: its own) and the rate it trains with.
     */
    record ExploitRow(int generation, int number, int epochs, double value, Integer donor, double lr) {
    }

    record EpochValue(long experimentId, int epoch, double valAcc, double valLoss) {
    }

    /** The study a trial's experiment belongs to. */
    record TrialOf(long studyId, int number, String kind) {
    }

    private static final String STUDY_COLUMNS = "id, name, spec, state, next_trial, submitted_by, created_at, finished_at";

    private final JdbcTemplate jdbc;

    StudyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    long insert(String name, String spec, String submittedBy, Instant createdAt) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(c -> {
            var ps = c.prepareStatement("INSERT INTO study (name, spec, state, next_trial, submitted_by, created_at) VALUES (?, ?, ?, 0, ?, ?)",
                    new String[] {"id"});
            ps.setString(1, name);
            ps.setString(2, spec);
            ps.setString(3, SEARCHING);
            ps.setString(4, submittedBy);
            ps.setTimestamp(5, Timestamp.from(createdAt));
            return ps;
        }, key);
        return key.getKey().longValue();
    }

    Optional<StudyRow> find(long id) {
        return jdbc.query("SELECT " + STUDY_COLUMNS + " FROM study WHERE id = ?", StudyStore::study, id).stream().findFirst();
    }

    /** The study with its row locked to the end of the transaction: every decision about it is taken under this lock. */
    Optional<StudyRow> lock(long id) {
        return jdbc.query("SELECT " + STUDY_COLUMNS + " FROM study WHERE id = ? FOR UPDATE", StudyStore::study, id).stream().findFirst();
    }

    List<StudyRow> list(int limit) {
        return jdbc.query("SELECT " + STUDY_COLUMNS + " FROM study ORDER BY id DESC LIMIT ?", StudyStore::study, limit);
    }

    List<Long> open() {
        return jdbc.queryForList("SELECT id FROM study WHERE state IN (?, ?) ORDER BY id", Long.class, SEARCHING, CONFIRMING);
    }

    void update(long id, String state, int nextTrial, Instant finishedAt) {
        jdbc.update("UPDATE study SET state = ?, next_trial = ?, finished_at = ? WHERE id = ?", state, nextTrial,
                finishedAt == null ? null : Timestamp.from(finishedAt), id);
    }

    /** Ends an open study as CANCELLED; false when it had already ended. */
    boolean cancel(long id, Instant now) {
        return jdbc.update("UPDATE study SET state = ?, finished_at = ? WHERE id = ? AND state IN (?, ?)", CANCELLED,
                Timestamp.from(now), id, SEARCHING, CONFIRMING) == 1;
    }

    void insertTrial(long studyId, int number, String kind, long experimentId, String params) {
        jdbc.update("INSERT INTO study_trial (study_id, number, kind, experiment_id, params) VALUES (?, ?, ?, ?, ?)",
                studyId, number, kind, experimentId, params);
    }

    List<TrialRow> trials(long studyId) {
        return jdbc.query("""
                SELECT t.number, t.kind, t.experiment_id, t.params, e.status, e.epochs_completed
                  FROM study_trial t LEFT JOIN experiment e ON e.id = t.experiment_id
                 WHERE t.study_id = ? ORDER BY t.number""", (rs, i) -> new TrialRow(rs.getInt(1), rs.getString(2),
                (Long) rs.getObject(3, Long.class), rs.getString(4), rs.getString(5), (Integer) rs.getObject(6, Integer.class)), studyId);
    }

    Optional<TrialOf> trialOf(long experimentId) {
        return jdbc.query("SELECT study_id, number, kind FROM study_trial WHERE experiment_id = ?",
                (rs, i) -> new TrialOf(rs.getLong(1), rs.getInt(2), rs.getString(3)), experimentId).stream().findFirst();
    }

    /** Every epoch's validation figures of the study's trials, by experiment and epoch. */
    List<EpochValue> epochValues(long studyId) {
        return jdbc.query("""
                SELECT m.experiment_id, m.epoch, m.val_acc, m.val_loss
                  FROM epoch_metric m JOIN study_trial t ON t.experiment_id = m.experiment_id
                 WHERE t.study_id = ? ORDER BY m.experiment_id, m.epoch""",
                (rs, i) -> new EpochValue(rs.getLong(1), rs.getInt(2), rs.getDouble(3), rs.getDouble(4)), studyId);
    }

    /** The validation figures of the study's trials at one 0-based epoch. */
    List<EpochValue> epochValuesAt(long studyId, int epoch) {
        return jdbc.query("""
                SELECT m.experiment_id, m.epoch, m.val_acc, m.val_loss
                  FROM epoch_metric m JOIN study_trial t ON t.experiment_id = m.experiment_id
                 WHERE t.study_id = ? AND m.epoch = ?""",
                (rs, i) -> new EpochValue(rs.getLong(1), rs.getInt(2), rs.getDouble(3), rs.getDouble(4)), studyId, epoch);
    }

    /** One experiment's validation figures at a 0-based epoch. */
    Optional<EpochValue> epochValue(long experimentId, int epoch) {
        return jdbc.query("SELECT experiment_id, epoch, val_acc, val_loss FROM epoch_metric WHERE experiment_id = ? AND epoch = ?",
                (rs, i) -> new EpochValue(rs.getLong(1), rs.getInt(2), rs.getDouble(3), rs.getDouble(4)), experimentId, epoch)
                .stream().findFirst();
    }

    List<RungRow> rungs(long studyId) {
        return jdbc.query("SELECT number, rung, epochs, val, promoted FROM study_rung WHERE study_id = ? ORDER BY rung, number",
                (rs, i) -> new RungRow(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getDouble(4), rs.getBoolean(5)), studyId);
    }

    Optional<RungRow> rung(long studyId, int number, int rung) {
        return jdbc.query("SELECT number, rung, epochs, val, promoted FROM study_rung WHERE study_id = ? AND number = ? AND rung = ?",
                (rs, i) -> new RungRow(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getDouble(4), rs.getBoolean(5)),
                studyId, number, rung).stream().findFirst();
    }

    void insertRung(long studyId, RungRow row) {
        jdbc.update("INSERT INTO study_rung (study_id, number, rung, epochs, val, promoted) VALUES (?, ?, ?, ?, ?, ?)",
                studyId, row.number(), row.rung(), row.epochs(), row.value(), row.promoted());
    }

    void promote(long studyId, int number, int rung) {
        jdbc.update("UPDATE study_rung SET promoted = TRUE WHERE study_id = ? AND number = ? AND rung = ?", studyId, number, rung);
    }

    List<ExploitRow> exploits(long studyId) {
        return jdbc.query("SELECT generation, number, epochs, val, donor, lr FROM study_exploit WHERE study_id = ? ORDER BY generation, number",
                (rs, i) -> new ExploitRow(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getDouble(4), (Integer) rs.getObject(5, Integer.class),
                        rs.getDouble(6)), studyId);
    }

    /** Whether the generation's decision about the member was taken. */
    boolean exploitDecided(long studyId, int generation, int number) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM study_exploit WHERE study_id = ? AND generation = ? AND number = ?",
                Integer.class, studyId, generation, number);
        return n != null && n > 0;
    }

    void insertExploit(long studyId, ExploitRow row) {
        jdbc.update("INSERT INTO study_exploit (study_id, generation, number, epochs, val, donor, lr) VALUES (?, ?, ?, ?, ?, ?, ?)",
                studyId, row.generation(), row.number(), row.epochs(), row.value(), row.donor(), row.lr());
    }

    private static StudyRow study(ResultSet rs, int i) throws SQLException {
        Timestamp finished = rs.getTimestamp(8);
        return new StudyRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getString(6),
                rs.getTimestamp(7).toInstant(), finished == null ? null : finished.toInstant());
    }
}
