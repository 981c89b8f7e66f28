package io.lrlab.system;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** "dataDir" in /actuator/health: free space where checkpoints, models and the dataset cache are written. */
@Component("dataDir")
class DataDirHealthIndicator extends AbstractHealthIndicator {

    /** Below this a checkpoint of the reference network (about 10 MB) and the dataset cache (about 200 MB) may not fit. */
    static final long MIN_FREE_BYTES = 512L * 1024 * 1024;

    private final StorageSettings storage;

    DataDirHealthIndicator(StorageSettings storage) {
        this.storage = storage;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws IOException {
        Path dir = storage.dataDir().toAbsolutePath();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        FileStore store = Files.getFileStore(existing == null ? Path.of(".") : existing);
        long free = store.getUsableSpace();
        (free >= MIN_FREE_BYTES ? builder.up() : builder.down())
                .withDetail("path", dir.toString()).withDetail("free", free).withDetail("threshold", MIN_FREE_BYTES);
    }
}
