package io.lrlab.dataset;

import io.lrlab.error.InvalidInputException;
import io.lrlab.error.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The files of an image data set on disk and their classes: {@code train/<class>/*} and {@code test/<class>/*}, or one
 * {@code <class>/*} tree split into train and test by a fraction and a seed, stratified (each class split on its own,
 * so every class keeps its share in both). Classes are the folder names in alphabetical order. Anything that is not a
 * JPEG or PNG file, and any link, is a problem reported by name, as are fewer than 2 classes and empty classes.
 *
 * @param split how the tree was split, for the record: {@code "folders"} or the fraction and seed
 */
public record ImageTree(Path root, List<String> classes, List<Labeled> train, List<Labeled> test, String split) {

    /** Names reported per kind of problem; the rest are counted. */
    static final int SHOWN = 5;

    public record Labeled(Path file, int label) {
    }

    /**
     * @param field        the request field problems are reported under
     * @param testFraction for a single tree: the share of each class held out for testing (0 < f < 1)
     */
    public static ImageTree scan(Path root, double testFraction, long seed, String field) {
        Problems problems = new Problems(field);
        boolean presplit = Files.isDirectory(root.resolve("train"), LinkOption.NOFOLLOW_LINKS)
                && Files.isDirectory(root.resolve("test"), LinkOption.NOFOLLOW_LINKS);
        List<String> classes = classFolders(presplit ? root.resolve("train") : root, problems);
        List<Labeled> train = new ArrayList<>();
        List<Labeled> test = new ArrayList<>();
        String split;
        if (presplit) {
            List<String> testClasses = classFolders(root.resolve("test"), problems);
            if (!testClasses.equals(classes)) {
                problems.add("the class folders of train/ " + classes + " and test/ " + testClasses + " differ");
            }
            for (int c = 0; c < classes.size(); c++) {
                train.addAll(files(root.resolve("train").resolve(classes.get(c)), c, "train/" + classes.get(c), problems));
                if (testClasses.contains(classes.get(c))) {
                    test.addAll(files(root.resolve("test").resolve(classes.get(c)), c, "test/" + classes.get(c), problems));
                }
            }
            split = "folders";
        } else {
            if (!(testFraction > 0 && testFraction < 1)) {
                throw InvalidInputException.of("testFraction", "a single <class>/ tree is split into train and test: give a testFraction between 0 and 1");
            }
            Random random = new Random(seed);
            for (int c = 0; c < classes.size(); c++) {
                List<Labeled> all = new ArrayList<>(files(root.resolve(classes.get(c)), c, classes.get(c), problems));
                java.util.Collections.shuffle(all, random);
                int held = all.size() < 2 ? 0 : Math.max(1, (int) Math.round(all.size() * testFraction));
                test.addAll(all.subList(0, held));
                train.addAll(all.subList(held, all.size()));
            }
            split = String.format(Locale.ROOT, "stratified: %.3f of each class held out for testing, seed %d", testFraction, seed);
        }
        problems.throwIfAny();
        return new ImageTree(root, classes, train, test, split);
    }

    private static List<String> classFolders(Path dir, Problems problems) {
        List<String> classes = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.sorted().toList()) {
                String name = child.getFileName().toString();
                if (name.startsWith(".") || name.equals("__MACOSX")) {
                    continue;
                }
                if (Files.isSymbolicLink(child)) {
                    problems.other.add(name + " is a link");
                } else if (Files.isDirectory(child)) {
                    classes.add(name);
                } else if (!name.equals("train") && !name.equals("test")) {
                    problems.stray.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (classes.size() < 2) {
            problems.add("a data set needs at least 2 class folders; " + dir.getFileName() + " holds " + classes.size());
        }
        if (classes.size() > 255) {
            problems.add("a data set holds at most 255 classes, not " + classes.size());
        }
        return classes;
    }

    private static List<Labeled> files(Path dir, int label, String shown, Problems problems) {
        List<Labeled> out = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path file : children.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (Files.isSymbolicLink(file)) {
                    problems.other.add(shown + "/" + name + " is a link");
                } else if (!Files.isRegularFile(file) || !isImage(name)) {
                    problems.stray.add(shown + "/" + name);
                } else {
                    out.add(new Labeled(file, label));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.isEmpty()) {
            problems.add("class " + shown + " holds no images");
        }
        return out;
    }

    static boolean isImage(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".jpg") || lower.endsWith(".jpeg") || lower.endsWith(".png");
    }

    /** What is wrong with a tree, collected so that one answer names all of it. */
    static final class Problems {
        private final String field;
        private final List<String> messages = new ArrayList<>();
        final List<String> stray = new ArrayList<>();
        final List<String> other = new ArrayList<>();

        Problems(String field) {
            this.field = field;
        }

        void add(String message) {
            messages.add(message);
        }

        void throwIfAny() {
            List<Violation> violations = new ArrayList<>();
            if (!stray.isEmpty()) {
                violations.add(new Violation(field, listed(stray.size() + " files are not JPEG or PNG images", stray)));
            }
            if (!other.isEmpty()) {
                violations.add(new Violation(field, listed(other.size() + " entries are refused", other)));
            }
            messages.forEach(m -> violations.add(new Violation(field, m)));
            if (!violations.isEmpty()) {
                throw new InvalidInputException(violations);
            }
        }

        static String listed(String what, List<String> names) {
            return what + ": " + String.join(", ", names.subList(0, Math.min(SHOWN, names.size())))
                    + (names.size() > SHOWN ? " and " + (names.size() - SHOWN) + " more" : "");
        }
    }
}
