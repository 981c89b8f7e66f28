package io.lrlab.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import io.lrlab.system.StorageSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official binary layout, written by the test, read back; and the download path against a local server. */
class CifarBinaryFormatTest {

    private static final int IMAGE = 3072;
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** {@code count} records: label i % 10, red plane = label, green = 100 + i, blue = 200. */
    static byte[] batch(int count, int first) {
        byte[] bytes = new byte[count * (1 + IMAGE)];
        for (int i = 0; i < count; i++) {
            int o = i * (1 + IMAGE);
            int label = (first + i) % 10;
            bytes[o] = (byte) label;
            for (int p = 0; p < 1024; p++) {
                bytes[o + 1 + p] = (byte) label;
                bytes[o + 1 + 1024 + p] = (byte) (100 + i);
                bytes[o + 1 + 2048 + p] = (byte) 200;
            }
        }
        return bytes;
    }

    static void writeRelease(Path dir, int perBatch) throws IOException {
        Files.createDirectories(dir);
        for (int b = 1; b <= 5; b++) {
            Files.write(dir.resolve("data_batch_" + b + ".bin"), batch(perBatch, b * perBatch));
        }
        Files.write(dir.resolve("test_batch.bin"), batch(perBatch, 0));
    }

    @Test
    void readsFilesWrittenInTheOfficialFormat(@TempDir Path root) throws IOException {
        writeRelease(root.resolve(Cifar10.BINARY_DIR), 20);
        TrainTestData data = loader(root, false, URI.create("http://127.0.0.1:1/none"), 0, "").load("cifar10", 0, 0);
        assertThat(data.train().size()).isEqualTo(100);
        assertThat(data.test().size()).isEqualTo(20);
        LabeledImages test = data.test();
        assertThat(test.label(3)).isEqualTo(3);
        assertThat(test.pixels()[3 * IMAGE] & 0xff).as("red plane first").isEqualTo(3);
        assertThat(test.pixels()[3 * IMAGE + 1024] & 0xff).as("then green").isEqualTo(103);
        assertThat(test.pixels()[3 * IMAGE + 2048] & 0xff).as("then blue").isEqualTo(200);
        assertThat(test.classes()).containsExactlyElementsOf(Cifar10.CLASSES);
    }

    @Test
    void limitsKeepClassesBalanced(@TempDir Path root) throws IOException {
        writeRelease(root.resolve(Cifar10.BINARY_DIR), 40);
        TrainTestData data = loader(root, false, URI.create("http://127.0.0.1:1/none"), 0, "").load("cifar10", 50, 20);
        assertThat(data.train().classCounts()).containsOnly(5);
        assertThat(data.test().classCounts()).containsOnly(2);
    }

    @Test
    void aTruncatedBatchIsRejectedWithItsName(@TempDir Path root) throws IOException {
        Path dir = root.resolve(Cifar10.BINARY_DIR);
        writeRelease(dir, 2);
        Files.write(dir.resolve("test_batch.bin"), new byte[100]);
        assertThatThrownBy(() -> CifarBinaryReader.read(dir)).isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("test_batch.bin");
    }

    @Test
    void downloadsVerifiesAndUnpacksTheArchiveFromAServer(@TempDir Path work, @TempDir Path target) throws Exception {
        byte[] archive = archive(work, 10);
        URI url = serve(archive);
        TrainTestData data = loader(target, true, url, archive.length, md5(archive)).load("cifar10", 0, 0);
        assertThat(data.train().size()).isEqualTo(50);
        assertThat(target.resolve(Cifar10.BINARY_DIR).resolve("test_batch.bin")).exists();
        assertThat(Files.list(target).filter(p -> p.getFileName().toString().startsWith(".download")).count()).isZero();
    }

    @Test
    void aCorruptDownloadIsRejectedAndLeavesNothingBehind(@TempDir Path work, @TempDir Path target) throws Exception {
        byte[] archive = archive(work, 10);
        byte[] corrupt = archive.clone();
        corrupt[corrupt.length / 2] ^= 0x55;
        URI url = serve(corrupt);
        DatasetLoader loader = loader(target, true, url, archive.length, md5(archive));
        assertThatThrownBy(() -> loader.load("cifar10", 0, 0)).isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("MD5").hasMessageContaining("data_batch_1.bin");
        assertThat(Files.list(target).count()).as("no partial files").isZero();
    }

    @Test
    void aMissingDatasetWithoutNetworkSaysWhereToPutTheFiles(@TempDir Path target) {
        DatasetLoader loader = loader(target, true, URI.create("http://127.0.0.1:9/cifar.tar.gz"), 1, "x");
        assertThatThrownBy(() -> loader.load("cifar10", 0, 0)).isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining(target.resolve(Cifar10.BINARY_DIR).toAbsolutePath().toString());
    }

    private static DatasetLoader loader(Path dir, boolean download, URI url, long size, String md5) {
        return new DatasetLoader(new DatasetSettings(dir, download, url, size, md5), new StorageSettings(dir));
    }

    private URI serve(byte[] body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cifar-10-binary.tar.gz", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/cifar-10-binary.tar.gz");
    }

    /** A tar.gz laid out like the official one: cifar-10-batches-bin/ with the six batches. */
    private static byte[] archive(Path work, int perBatch) throws IOException {
        Path dir = work.resolve(Cifar10.BINARY_DIR);
        writeRelease(dir, perBatch);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            tarEntry(gz, Cifar10.BINARY_DIR + "/", null);
            for (String name : new String[] {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                    "data_batch_5.bin", "test_batch.bin"}) {
                tarEntry(gz, Cifar10.BINARY_DIR + "/" + name, Files.readAllBytes(dir.resolve(name)));
            }
            gz.write(new byte[1024]);
        }
        return bytes.toByteArray();
    }

    private static void tarEntry(GZIPOutputStream out, String name, byte[] content) throws IOException {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", content == null ? 0 : content.length));
        put(header, 136, "00000000000");
        header[156] = (byte) (content == null ? '5' : '0');
        put(header, 257, "ustar");
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        out.write(header);
        if (content != null) {
            out.write(content);
            out.write(new byte[(512 - content.length % 512) % 512]);
        }
    }

    private static void put(byte[] header, int offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }

    private static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }
}
