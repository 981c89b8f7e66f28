package io.lrlab.experiment;

import io.lrlab.artifact.ArtifactStore;
import io.lrlab.error.DatabaseOutage;
import io.lrlab.system.Directories;
import io.lrlab.system.StorageSettings;
import io.lrlab.training.CheckpointStore;
import io.lrlab.training.Checkpoints;
import io.lrlab.training.EpochMetrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The one place that knows where an experiment's checkpoint, and with it its trained model, lives: in the
 * {@link ArtifactStore} (the database unless set otherwise), or, for experiments trained by lrlab 0.1, in the two
 * files it left in the local data directory.
 */
@Component
public class ExperimentArtifacts {

    private final ArtifactStore store;
    private final ExperimentQueue queue;
    private final StorageSettings storage;

    ExperimentArtifacts(ArtifactStore store, ExperimentQueue queue, StorageSettings storage) {
        this.store = store;
        this.queue = queue;
        this.storage = storage;
    }

    /**
     * The checkpoints of one claimed run: every write fenced by the claim, and tried again while the database is away
     * for up to {@code patience} (the lease: after it, another worker may own the run).
     */
    public CheckpointStore checkpoints(Claim claim, Duration patience) {
        long id = claim.experimentId();
        return new CheckpointStore() {
            @Override
            public <T> Optional<T> read(Reader<T> reader) {
                return checkpoint(id, reader);
            }

            @Override
            public void write(Content content, EpochMetrics finishedEpoch) {
                Buffer buffer = new Buffer();
                try {
                    content.writeTo(buffer);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot serialise the checkpoint of experiment " + id, e);
                }
                DatabaseOutage.retry(patience, () -> {
                    queue.saveCheckpoint(claim, finishedEpoch, buffer.bytes(), buffer.size());
                    return null;
                });
            }
        };
    }

    /** Whether the experiment has a trained (or at least checkpointed) network. */
    boolean hasModel(long id) {
        return store.exists(id, ExperimentQueue.CHECKPOINT) || Checkpoints.isLegacy(legacyDirectory(id));
    }

    /** Writes the network as the plain DL4J model zip. */
    void copyModel(long id, OutputStream out) {
        CheckpointStore.Reader<Boolean> copy = in -> {
            Checkpoints.copyModel(in, out);
            return true;
        };
        checkpoint(id, copy).orElseThrow(() -> new IllegalStateException("experiment " + id + " has no checkpoint"));
    }

    void delete(long id) {
        store.deleteAll(id);
        try {
            Directories.deleteRecursively(legacyDirectory(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The experiment's checkpoint from the store, or from the files lrlab 0.1 left. */
    private <T> Optional<T> checkpoint(long id, CheckpointStore.Reader<T> reader) {
        return store.read(id, ExperimentQueue.CHECKPOINT, reader::read).or(() -> legacy(id, reader));
    }

    private <T> Optional<T> legacy(long id, CheckpointStore.Reader<T> reader) {
        Path dir = legacyDirectory(id);
        if (!Checkpoints.isLegacy(dir)) {
            return Optional.empty();
        }
        Buffer buffer = new Buffer();
        try {
            Checkpoints.fromLegacy(dir).writeTo(buffer);
            return Optional.of(reader.read(new ByteArrayInputStream(buffer.bytes(), 0, buffer.size())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lrlab 0.1 checkpoint in " + dir, e);
        }
    }

    /** Where lrlab 0.1 kept an experiment's files. */
    private Path legacyDirectory(long id) {
        return storage.experimentsDir().resolve(Long.toString(id));
    }

    /** The serialised checkpoint, held once: its array goes to the store as it is. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(1 << 20);
        }

        byte[] bytes() {
            return buf;
        }
    }
}
