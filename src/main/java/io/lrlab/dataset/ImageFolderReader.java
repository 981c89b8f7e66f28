package io.lrlab.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Reads the image-folder layout {@code train/<class>/*} and {@code test/<class>/*} (JPEG or PNG), resizing
 * each image to the target size. Classes are the sub-folder names in alphabetical order.
 */
public final class ImageFolderReader {

    private ImageFolderReader() {
    }

    public static boolean isPresent(Path root) {
        return Files.isDirectory(root.resolve("train")) && Files.isDirectory(root.resolve("test"));
    }

    static List<String> classes(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            List<String> classes = children.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
            if (classes.isEmpty() || classes.size() > 255) {
                throw new DatasetUnavailableException(dir + " must hold one folder per class (1 to 255)");
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param classes       the class folders, in label order (the train folder's, for both splits)
     * @param perClassLimit read at most this many files per class (sorted by name), 0 for all; lets small
     *                      experiments avoid decoding the whole set
     */
    static LabeledImages read(Path dir, List<String> classes, int side, int perClassLimit) {
        List<Path> files = new ArrayList<>();
        List<Byte> labelList = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            try (Stream<Path> images = Files.list(dir.resolve(classes.get(c)))) {
                List<Path> sorted = images.filter(ImageFolderReader::isImage).sorted().toList();
                if (perClassLimit > 0 && sorted.size() > perClassLimit) {
                    sorted = sorted.subList(0, perClassLimit);
                }
                files.addAll(sorted);
                for (int i = 0; i < sorted.size(); i++) {
                    labelList.add((byte) c);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        int image = 3 * side * side;
        ImageDecoder.Shape shape = new ImageDecoder.Shape(side, side, 3);
        byte[] pixels = new byte[files.size() * image];
        byte[] labels = new byte[files.size()];
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            labels[i] = labelList.get(i);
            if (!ImageDecoder.decodeInto(files.get(i), shape, pixels, i * image)) {
                throw new DatasetUnavailableException("not a readable image: " + files.get(i));
            }
        });
        return new LabeledImages(classes, 3, side, side, pixels, labels);
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png");
    }
}
