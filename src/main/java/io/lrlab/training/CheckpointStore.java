package io.lrlab.training;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Where a run keeps its latest checkpoint. Whoever starts the run decides where (the database, a directory) and
 * fences every write, so the trainer never knows whether it runs alone or in a cluster.
 */
public interface CheckpointStore {

    /** Reads the latest checkpoint while the store holds it open; empty when the run has none yet. */
    <T> Optional<T> read(Reader<T> reader);

    /**
     * Replaces the latest checkpoint with what {@code content} writes. With {@code finishedEpoch}, the epoch's metrics
     * are committed in the same step, so a crash can keep neither the checkpoint without the epoch nor the epoch
     * without the checkpoint.
     *
     * @param finishedEpoch the epoch this checkpoint ends, or null for a checkpoint taken inside an epoch
     */
    void write(Content content, EpochMetrics finishedEpoch);

    @FunctionalInterface
    interface Reader<T> {
        T read(InputStream in) throws IOException;
    }

    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A store in this process's memory: for benchmarks and tests, where no other process resumes the run. */
    static CheckpointStore inMemory() {
        return new CheckpointStore() {
            private volatile byte[] latest;

            @Override
            public <T> Optional<T> read(Reader<T> reader) {
                byte[] bytes = latest;
                if (bytes == null) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(reader.read(new ByteArrayInputStream(bytes)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void write(Content content, EpochMetrics finishedEpoch) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try {
                    content.writeTo(out);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                latest = out.toByteArray();
            }
        };
    }
}
