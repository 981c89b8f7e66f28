package io.lrlab.dataset;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Decoded images on disk, so a dataset of JPEGs is decoded once, not once per experiment. */
final class DatasetCache {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DatasetCache.class);

    private static final int MAGIC = 0x4c52494d; // "LRIM"
    private static final int VERSION = 1;

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
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException("not a cache file");
            }
            int classCount = in.readInt();
            List<String> classes = new ArrayList<>();
            for (int i = 0; i < classCount; i++) {
                classes.add(in.readUTF());
            }
            int c = in.readInt();
            int h = in.readInt();
            int w = in.readInt();
            int n = in.readInt();
            byte[] labels = new byte[n];
            in.readFully(labels);
            byte[] pixels = new byte[n * c * h * w];
            in.readFully(pixels);
            return new LabeledImages(classes, c, h, w, pixels, labels);
        }
    }

    private void write(Path file, LabeledImages images) {
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "cache", ".part");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(images.classes().size());
                for (String c : images.classes()) {
                    out.writeUTF(c);
                }
                out.writeInt(images.channels());
                out.writeInt(images.height());
                out.writeInt(images.width());
                out.writeInt(images.size());
                out.write(images.labels());
                out.write(images.pixels());
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
