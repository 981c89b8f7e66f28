package io.lrlab.dataset;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import io.lrlab.system.Directories;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches CIFAR-10's binary release, checks its size and MD5, unpacks it next to the target and moves the
 * {@code cifar-10-batches-bin} folder into place in one atomic step: a failed or interrupted download leaves
 * nothing half-written where the reader looks.
 */
public final class CifarDownloader {

    private static final Logger log = LoggerFactory.getLogger(CifarDownloader.class);

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(20)).followRedirects(HttpClient.Redirect.NORMAL).build();

    /** Downloads into {@code dir/cifar-10-batches-bin}; returns that folder. */
    public Path download(URI url, long expectedSize, String expectedMd5, Path dir) {
        Path target = dir.resolve(Cifar10.BINARY_DIR);
        Path work = null;
        try {
            Files.createDirectories(dir);
            work = Files.createTempDirectory(dir, ".download-");
            Path archive = work.resolve("cifar-10-binary.tar.gz");
            log.info("Downloading CIFAR-10 from {} to {}", url, dir);
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(url).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new DatasetUnavailableException("download of " + url + " answered HTTP " + response.statusCode()
                        + "; " + whereToPut(dir));
            }
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            long size;
            try (InputStream in = new DigestInputStream(response.body(), md5); OutputStream out = Files.newOutputStream(archive)) {
                size = in.transferTo(out);
            }
            if (size != expectedSize) {
                throw new DatasetUnavailableException("download of " + url + " has " + size + " bytes, expected "
                        + expectedSize + "; " + whereToPut(dir));
            }
            String md5Hex = HexFormat.of().formatHex(md5.digest());
            if (!md5Hex.equalsIgnoreCase(expectedMd5)) {
                throw new DatasetUnavailableException("download of " + url + " has MD5 " + md5Hex + ", expected "
                        + expectedMd5 + " (corrupt or tampered); " + whereToPut(dir));
            }
            Path unpacked = work.resolve("unpacked");
            untarGz(archive, unpacked);
            Path batches = unpacked.resolve(Cifar10.BINARY_DIR);
            if (!CifarBinaryReader.isPresent(batches)) {
                throw new DatasetUnavailableException("the archive from " + url + " holds no " + Cifar10.BINARY_DIR
                        + " folder with data_batch_1.bin and test_batch.bin");
            }
            Files.move(batches, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new DatasetUnavailableException("could not download CIFAR-10 from " + url + " (" + reason(e)
                    + "); " + whereToPut(dir), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetUnavailableException("download of CIFAR-10 interrupted", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(work);
        }
    }

    /** The first cause that says something: the JDK's client throws a ConnectException without a message, its cause has one. */
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    static String whereToPut(Path dir) {
        return "without network, put the files of " + Cifar10.DOWNLOAD_URL + " (data_batch_1.bin .. data_batch_5.bin, "
                + "test_batch.bin) in " + dir.resolve(Cifar10.BINARY_DIR).toAbsolutePath()
                + ", or an image folder (train/<class>/*.jpg, test/<class>/*.jpg) in " + dir.toAbsolutePath();
    }

    /** A minimal ustar reader: regular files and folders, which is all the CIFAR archive holds. */
    static void untarGz(Path archive, Path into) throws IOException {
        Path root = into.toAbsolutePath().normalize();
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive), 1 << 16))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512) {
                String name = field(header, 0, 100);
                if (name.isEmpty()) {
                    break;
                }
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size = Long.parseLong(field(header, 124, 12).isEmpty() ? "0" : field(header, 124, 12), 8);
                char type = (char) header[156];
                Path out = root.resolve(name).normalize();
                if (!out.startsWith(root)) {
                    throw new IOException("archive entry escapes the target folder: " + name);
                }
                if (type == '5') {
                    Files.createDirectories(out);
                } else if (type == '0' || type == 0) {
                    Files.createDirectories(out.getParent());
                    try (OutputStream os = Files.newOutputStream(out)) {
                        copy(in, os, size);
                    }
                } else {
                    in.skipNBytes(size);
                }
                long pad = (512 - size % 512) % 512;
                in.skipNBytes(pad);
            }
        }
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("archive ends inside an entry");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII).trim();
    }

    private static void deleteQuietly(Path dir) {
        try {
            Directories.deleteRecursively(dir);
        } catch (IOException ignored) {
            // best effort: a leftover temp folder is harmless and named .download-*
        }
    }
}
