package io.lrlab.artifact;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Artifacts as rows of the {@code artifact} table: streamed to the driver from the one buffer the caller filled and
 * read back as a stream, each with its SHA-256 checked on the way out. A put joins the caller's transaction.
 */
@Component
@ConditionalOnProperty(name = "lrlab.artifacts.store", havingValue = "database", matchIfMissing = true)
public class DatabaseArtifactStore implements ArtifactStore {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public DatabaseArtifactStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void put(long experimentId, String name, byte[] bytes, int length) {
        String sha256 = sha256(bytes, length);
        jdbc.update("DELETE FROM artifact WHERE experiment_id = ? AND name = ?", experimentId, name);
        jdbc.update("INSERT INTO artifact (experiment_id, name, size, sha256, updated_at, content) VALUES (?, ?, ?, ?, ?, ?)", ps -> {
            ps.setLong(1, experimentId);
            ps.setString(2, name);
            ps.setLong(3, length);
            ps.setString(4, sha256);
            ps.setTimestamp(5, Timestamp.from(clock.instant()));
            ps.setBinaryStream(6, new ByteArrayInputStream(bytes, 0, length), length);
        });
    }

    @Override
    public <T> Optional<T> read(long experimentId, String name, Reader<T> reader) {
        return jdbc.query("SELECT sha256, content FROM artifact WHERE experiment_id = ? AND name = ?", rs -> {
            if (!rs.next()) {
                return Optional.<T>empty();
            }
            String expected = rs.getString(1);
            MessageDigest digest = digest();
            try (InputStream in = new DigestInputStream(rs.getBinaryStream(2), digest)) {
                T value = reader.read(in);
                in.transferTo(OutputStream.nullOutputStream());
                String actual = HexFormat.of().formatHex(digest.digest());
                if (!actual.equals(expected)) {
                    throw new IOException("artifact " + name + " of experiment " + experimentId + " is corrupt: SHA-256 "
                            + actual + ", stored as " + expected);
                }
                return Optional.of(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, experimentId, name);
    }

    @Override
    public boolean exists(long experimentId, String name) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM artifact WHERE experiment_id = ? AND name = ?", Integer.class,
                experimentId, name);
        return n != null && n > 0;
    }

    @Override
    public void deleteAll(long experimentId) {
        jdbc.update("DELETE FROM artifact WHERE experiment_id = ?", experimentId);
    }

    @Override
    public boolean joinsTransactions() {
        return true;
    }

    private static String sha256(byte[] bytes, int length) {
        MessageDigest digest = digest();
        digest.update(bytes, 0, length);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
