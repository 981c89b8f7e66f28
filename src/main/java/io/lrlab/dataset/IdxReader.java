package io.lrlab.dataset;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

/**
 * Reads MNIST and Fashion-MNIST in their IDX files, gzipped or not: {@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}. An image file is the
 * magic 0x00000803 (unsigned bytes, three dimensions), then count, rows and columns as big-endian ints, then the pixels;
 * a label file 0x00000801 and the count, then one byte per label. Grayscale, one channel.
 */
public final class IdxReader {

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    public static boolean isPresent(Path dir) {
        return find(dir, "train-images-idx3-ubyte").isPresent();
    }

    /** @param classes the class names in label order; empty: the labels' numbers ("0" to "9" for MNIST) */
    public static TrainTestData read(Path dir, List<String> classes) {
        byte[][] train = readPair(dir, "train");
        byte[][] test = readPair(dir, "t10k");
        int[] shape = shape(dir, "train");
        int[] testShape = shape(dir, "t10k");
        if (shape[0] != testShape[0] || shape[1] != testShape[1]) {
            throw new DatasetUnavailableException("the IDX training images are " + shape[0] + "x" + shape[1] + ", the test images "
                    + testShape[0] + "x" + testShape[1]);
        }
        int highest = 0;
        for (byte[] labels : new byte[][] {train[1], test[1]}) {
            for (byte label : labels) {
                highest = Math.max(highest, label & 0xff);
            }
        }
        List<String> names = classes.isEmpty() ? IntStream.rangeClosed(0, highest).mapToObj(Integer::toString).toList() : classes;
        if (highest >= names.size()) {
            throw new DatasetUnavailableException("the IDX labels go up to " + highest + " but " + names.size() + " class names were given");
        }
        return new TrainTestData("idx", new LabeledImages(names, 1, shape[0], shape[1], train[0], train[1]),
                new LabeledImages(names, 1, shape[0], shape[1], test[0], test[1]));
    }

    private static byte[][] readPair(Path dir, String split) {
        Path images = find(dir, split + "-images-idx3-ubyte").orElseThrow(() -> missing(dir, split + "-images-idx3-ubyte"));
        Path labels = find(dir, split + "-labels-idx1-ubyte").orElseThrow(() -> missing(dir, split + "-labels-idx1-ubyte"));
        try (DataInputStream in = open(images); DataInputStream lin = open(labels)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new DatasetUnavailableException(images + " is not an IDX image file (magic " + Integer.toHexString(magic) + ")");
            }
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (n < 1 || rows < 1 || cols < 1 || (long) n * rows * cols > Integer.MAX_VALUE - 8) {
                throw new DatasetUnavailableException(images + " declares " + n + " images of " + rows + "x" + cols);
            }
            if (lin.readInt() != LABELS_MAGIC) {
                throw new DatasetUnavailableException(labels + " is not an IDX label file");
            }
            int labelCount = lin.readInt();
            if (labelCount != n) {
                throw new DatasetUnavailableException(images + " holds " + n + " images but " + labels + " " + labelCount + " labels");
            }
            byte[] pixels = new byte[n * rows * cols];
            in.readFully(pixels);
            byte[] labelBytes = new byte[n];
            lin.readFully(labelBytes);
            return new byte[][] {pixels, labelBytes};
        } catch (java.io.EOFException e) {
            throw new DatasetUnavailableException("an IDX file in " + dir + " ends before the count its header declares", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] shape(Path dir, String split) {
        try (DataInputStream in = open(find(dir, split + "-images-idx3-ubyte").orElseThrow())) {
            in.readInt();
            in.readInt();
            return new int[] {in.readInt(), in.readInt()};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file under its plain name, or with {@code .gz}, or with the dot some mirrors use before {@code idx}. */
    private static Optional<Path> find(Path dir, String name) {
        for (String candidate : List.of(name, name + ".gz", name.replace("-idx", ".idx"), name.replace("-idx", ".idx") + ".gz")) {
            if (Files.isRegularFile(dir.resolve(candidate))) {
                return Optional.of(dir.resolve(candidate));
            }
        }
        return Optional.empty();
    }

    private static DatasetUnavailableException missing(Path dir, String name) {
        return new DatasetUnavailableException("no " + name + " (or " + name + ".gz) in " + dir);
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return new DataInputStream(file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw);
    }
}
