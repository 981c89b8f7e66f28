package io.lrlab.dataset;

import io.lrlab.error.InvalidInputException;
import io.lrlab.error.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Unpacks an uploaded zip into an empty folder, refusing what could escape it or exhaust the machine: names that are
 * absolute, hold {@code ..} or a drive, links (by the zip's Unix mode), more than {@code maxEntries} entries, and more
 * than {@code maxExpanded} bytes once expanded (counted as the bytes come out, whatever the headers declare). Nothing
 * outside the folder is ever written. A zip whose files all sit in one top folder is read from inside that folder.
 */
final class ZipUnpacker {

    private ZipUnpacker() {
    }

    /** @return the folder the data set's tree starts in: {@code into} or its one top folder */
    static Path unpack(Path zip, Path into, int maxEntries, long maxExpanded) {
        List<String> refused = new ArrayList<>();
        long expanded = 0;
        int entries = 0;
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipArchiveEntry entry : Collections.list(file.getEntries())) {
                if (++entries > maxEntries) {
                    throw InvalidInputException.of("file", "the zip holds more than " + maxEntries + " entries");
                }
                String name = entry.getName().replace('\\', '/');
                if (unsafe(name)) {
                    refused.add(entry.getName() + " (a path outside the archive)");
                    continue;
                }
                if (entry.isUnixSymlink()) {
                    refused.add(entry.getName() + " (a link)");
                    continue;
                }
                Path target = into.resolve(name).normalize();
                if (!target.startsWith(into)) {
                    refused.add(entry.getName() + " (a path outside the archive)");
                    continue;
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = file.getInputStream(entry); OutputStream out = Files.newOutputStream(target)) {
                    byte[] buffer = new byte[1 << 16];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        expanded += n;
                        if (expanded > maxExpanded) {
                            throw InvalidInputException.of("file", "the zip expands to more than " + maxExpanded
                                    + " bytes (lrlab.datasets.max-expanded)");
                        }
                        out.write(buffer, 0, n);
                    }
                }
            }
        } catch (IOException e) {
            throw InvalidInputException.of("file", "not a readable zip: " + e.getMessage());
        }
        if (!refused.isEmpty()) {
            throw new InvalidInputException(List.of(new Violation("file", ImageTree.Problems.listed(refused.size()
                    + " entries are refused", refused))));
        }
        return topFolder(into);
    }

    private static boolean unsafe(String name) {
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*") || name.indexOf('\0') >= 0) {
            return true;
        }
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static Path topFolder(Path into) {
        try (var children = Files.list(into)) {
            List<Path> visible = children.filter(p -> !p.getFileName().toString().startsWith(".")
                    && !p.getFileName().toString().toLowerCase(Locale.ROOT).equals("__macosx")).toList();
            boolean wrapped = visible.size() == 1 && Files.isDirectory(visible.get(0))
                    && !visible.get(0).getFileName().toString().equals("train");
            if (wrapped) {
                try (var inner = Files.list(visible.get(0))) {
                    // one folder holding class folders or train/test: the data set starts there
                    if (inner.anyMatch(Files::isDirectory)) {
                        return visible.get(0);
                    }
                }
            }
            return into;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
