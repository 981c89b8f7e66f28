package io.lrlab.artifact;

import io.lrlab.system.Directories;
import io.lrlab.system.StorageSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Artifacts as files, {@code <directory>/<experiment>/<name>}: written to a temporary file, forced to disk and renamed
 * over the old one, so a reader finds the old file or the new one. For one machine, or a mount every node shares.
 */
@Component
@ConditionalOnProperty(name = "lrlab.artifacts.store", havingValue = "directory")
class DirectoryArtifactStore implements ArtifactStore {

    private final Path root;

    DirectoryArtifactStore(ArtifactSettings settings, StorageSettings storage) {
        this.root = settings.directory() != null ? settings.directory() : storage.experimentsDir();
    }

    @Override
    public void put(long experimentId, String name, byte[] bytes, int length) {
        Path dir = root.resolve(Long.toString(experimentId));
        Path part = null;
        try {
            Files.createDirectories(dir);
            part = Files.createTempFile(dir, name, ".part");
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(part, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(part);
            throw new UncheckedIOException("cannot write " + name + " of experiment " + experimentId + " in " + dir + ": " + e, e);
        }
    }

    @Override
    public <T> Optional<T> read(long experimentId, String name, Reader<T> reader) {
        try (InputStream in = Files.newInputStream(root.resolve(Long.toString(experimentId)).resolve(name))) {
            return Optional.of(reader.read(in));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " of experiment " + experimentId + ": " + e, e);
        }
    }

    @Override
    public boolean exists(long experimentId, String name) {
        return Files.isRegularFile(root.resolve(Long.toString(experimentId)).resolve(name));
    }

    @Override
    public void deleteAll(long experimentId) {
        try {
            Directories.deleteRecursively(root.resolve(Long.toString(experimentId)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean joinsTransactions() {
        return false;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the rename never happened: a leftover .part file is never read
            }
        }
    }
}
