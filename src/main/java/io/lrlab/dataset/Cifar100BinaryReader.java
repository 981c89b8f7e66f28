package io.lrlab.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads CIFAR-100's official binary release ({@code cifar-100-binary/}): {@code train.bin} (50,000 records) and
 * {@code test.bin} (10,000), each record a coarse label byte, a fine label byte and 3,072 pixel bytes (red, green, blue
 * planes, row-major); the class names from {@code fine_label_names.txt} and {@code coarse_label_names.txt}.
 */
public final class Cifar100BinaryReader {

    public static final String BINARY_DIR = "cifar-100-binary";
    private static final int IMAGE = 3 * 32 * 32;
    private static final int RECORD = 2 + IMAGE;

    /** Which of the two labels a record's class is. */
    public enum Labels { FINE, COARSE }

    private Cifar100BinaryReader() {
    }

    /** The folder that holds {@code train.bin}: {@code dir} itself or its {@code cifar-100-binary/}. */
    public static Path locate(Path dir) {
        return Files.isRegularFile(dir.resolve("train.bin")) ? dir : dir.resolve(BINARY_DIR);
    }

    public static TrainTestData read(Path dir, Labels labels) {
        Path home = locate(dir);
        for (String file : List.of("train.bin", "test.bin")) {
            if (!Files.isRegularFile(home.resolve(file))) {
                throw new DatasetUnavailableException("no CIFAR-100 binary release in " + dir + ": " + file + " is missing");
            }
        }
        List<String> classes = names(home, labels);
        return new TrainTestData("cifar100", read(home.resolve("train.bin"), classes, labels), read(home.resolve("test.bin"), classes, labels));
    }

    private static List<String> names(Path home, Labels labels) {
        Path file = home.resolve(labels == Labels.FINE ? "fine_label_names.txt" : "coarse_label_names.txt");
        int count = labels == Labels.FINE ? 100 : 20;
        if (!Files.isRegularFile(file)) {
            return java.util.stream.IntStream.range(0, count).mapToObj(Integer::toString).toList();
        }
        try {
            List<String> names = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (names.size() != count) {
                throw new DatasetUnavailableException(file + " names " + names.size() + " classes, not " + count);
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LabeledImages read(Path file, List<String> classes, Labels which) {
        try {
            long size = Files.size(file);
            if (size == 0 || size % RECORD != 0) {
                throw new DatasetUnavailableException(file + " is not a CIFAR-100 binary file: " + size + " bytes is not a multiple of " + RECORD);
            }
            int n = Math.toIntExact(size / RECORD);
            byte[] bytes = Files.readAllBytes(file);
            byte[] pixels = new byte[n * IMAGE];
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                int offset = i * RECORD;
                int label = bytes[offset + (which == Labels.COARSE ? 0 : 1)] & 0xff;
                if (label >= classes.size()) {
                    throw new DatasetUnavailableException(file + " holds label " + label + " at record " + i + "; there are " + classes.size() + " classes");
                }
                labels[i] = (byte) label;
                System.arraycopy(bytes, offset + 2, pixels, i * IMAGE, IMAGE);
            }
            return new LabeledImages(classes, 3, 32, 32, pixels, labels);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
