package io.lrlab.dataset;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.Enumeration;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A registered data set's decoded images in the database ({@code dataset_chunk}), train then test, in chunks of
 * 8 MiB: written inside the registering transaction (a failed registration leaves no chunk), read by any node.
 */
@Component
public class DatasetContent {

    static final int CHUNK = 8 << 20;

    private final JdbcTemplate jdbc;

    DatasetContent(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @return the bytes written */
    long write(long datasetId, TrainTestData data) {
        ChunkWriter chunks = new ChunkWriter(datasetId);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(chunks, 1 << 20))) {
            ImagesCodec.write(out, data.train());
            ImagesCodec.write(out, data.test());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return chunks.total;
    }

    TrainTestData read(long datasetId, String name) {
        List<byte[]> parts = jdbc.query("SELECT content FROM dataset_chunk WHERE dataset_id = ? ORDER BY seq",
                (rs, i) -> rs.getBytes(1), datasetId);
        if (parts.isEmpty()) {
            throw new DatasetUnavailableException("the images of data set '" + name + "' are not in the database");
        }
        Enumeration<InputStream> streams = java.util.Collections.enumeration(parts.stream().map(b -> (InputStream) new ByteArrayInputStream(b)).toList());
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new SequenceInputStream(streams), 1 << 20))) {
            return new TrainTestData(name, ImagesCodec.read(in), ImagesCodec.read(in));
        } catch (IOException e) {
            throw new DatasetUnavailableException("the stored images of data set '" + name + "' are damaged: " + e.getMessage(), e);
        }
    }

    /** Cuts what is written into rows of {@link #CHUNK} bytes. */
    private final class ChunkWriter extends OutputStream {
        private final long datasetId;
        private final byte[] buffer = new byte[CHUNK];
        private int filled;
        private int seq;
        private long total;

        ChunkWriter(long datasetId) {
            this.datasetId = datasetId;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                int n = Math.min(len, CHUNK - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
                total += n;
                if (filled == CHUNK) {
                    flushChunk();
                }
            }
        }

        @Override
        public void close() {
            if (filled > 0) {
                flushChunk();
            }
        }

        private void flushChunk() {
            jdbc.update("INSERT INTO dataset_chunk (dataset_id, seq, content) VALUES (?, ?, ?)", datasetId, seq++,
                    java.util.Arrays.copyOf(buffer, filled));
            filled = 0;
        }
    }
}
