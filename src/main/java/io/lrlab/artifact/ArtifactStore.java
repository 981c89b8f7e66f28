package io.lrlab.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Named binary artifacts of an experiment, each replaced whole: a reader sees the old bytes or the new, never a mix. */
public interface ArtifactStore {

    /** Stores or replaces an artifact with the first {@code length} bytes of {@code bytes}. */
    void put(long experimentId, String name, byte[] bytes, int length);

    /** Reads an artifact while the store holds it open; empty when there is none. */
    <T> Optional<T> read(long experimentId, String name, Reader<T> reader);

    boolean exists(long experimentId, String name);

    /** Removes every artifact of the experiment. */
    void deleteAll(long experimentId);

    /**
     * Whether a {@link #put} joins the caller's database transaction, so that it commits or rolls back with the
     * caller's other writes.
     */
    boolean joinsTransactions();

    @FunctionalInterface
    interface Reader<T> {
        T read(InputStream in) throws IOException;
    }
}
