package io.lrlab.dataset;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Supplier;

/** Decoded images on disk, so a dataset of JPEGs is decoded once, not once per experiment. */
final class DatasetCache {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DatasetCache.class);

    private final Path dir;

    DatasetCache(Path dir) {
        this.dir = dir;
    }

    LabeledImages getOrCreate(String key, Supplier<LabeledImages> decode) {
        Path file = dir.resolve(key.replaceAll("[^A-Za-z0-9._-]", "_") + ".lrimg");
        if (Files.isRegularFile(file)) {
            try {
                return read(file);
            } catch (IOException | RuntimeException e) {
                // a torn or old file is rebuilt rather than trusted
            }
        }
        LabeledImages images = decode.get();
        write(file, images);
        return images;
    }

    private static LabeledImages read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            return ImagesCodec.read(in);
        }
    }

    private void write(Path file, LabeledImages images) {
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "cache", ".part");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
                ImagesCodec.write(out, images);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // a cache only: a full or read-only data directory costs the next run a decode, never the run itself
            log.warn("Could not cache the decoded images in {} ({}); they are decoded again next time", dir, e.toString());
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // nothing more to do on a failing disk
                }
            }
        }
    }
}
