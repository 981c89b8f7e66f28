package io.lrlab.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads CIFAR-10's official binary release: records of one label byte and 3,072 pixel bytes
 * (1,024 red, then green, then blue, row-major), files {@code data_batch_1..5.bin} and {@code test_batch.bin}.
 */
public final class CifarBinaryReader {

    private static final int IMAGE = Cifar10.CHANNELS * Cifar10.SIDE * Cifar10.SIDE;
    private static final int RECORD = 1 + IMAGE;

    private CifarBinaryReader() {
    }

    public static boolean isPresent(Path dir) {
        return Files.isRegularFile(dir.resolve("test_batch.bin")) && Files.isRegularFile(dir.resolve("data_batch_1.bin"));
    }

    public static TrainTestData read(Path dir) {
        List<Path> train = List.of(1, 2, 3, 4, 5).stream().map(i -> dir.resolve("data_batch_" + i + ".bin"))
                .filter(Files::isRegularFile).toList();
        return new TrainTestData("cifar10", read(train), read(List.of(dir.resolve("test_batch.bin"))));
    }

    static LabeledImages read(List<Path> files) {
        try {
            long total = 0;
            for (Path file : files) {
                long size = Files.size(file);
                if (size % RECORD != 0) {
                    throw new DatasetUnavailableException(file + " is not a CIFAR-10 binary batch: " + size
                            + " bytes is not a multiple of " + RECORD);
                }
                total += size / RECORD;
            }
            byte[] pixels = new byte[Math.toIntExact(total * IMAGE)];
            byte[] labels = new byte[Math.toIntExact(total)];
            int n = 0;
            for (Path file : files) {
                byte[] bytes = Files.readAllBytes(file);
                for (int offset = 0; offset < bytes.length; offset += RECORD, n++) {
                    int label = bytes[offset] & 0xff;
                    if (label >= Cifar10.CLASSES.size()) {
                        throw new DatasetUnavailableException(file + " holds label " + label + " at record " + offset / RECORD);
                    }
                    labels[n] = (byte) label;
                    System.arraycopy(bytes, offset + 1, pixels, n * IMAGE, IMAGE);
                }
            }
            return new LabeledImages(Cifar10.CLASSES, Cifar10.CHANNELS, Cifar10.SIDE, Cifar10.SIDE, pixels, labels);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
