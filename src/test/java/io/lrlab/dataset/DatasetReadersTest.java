package io.lrlab.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR-100's binary release and the IDX files of MNIST, written here byte by byte as their formats define them. */
class DatasetReadersTest {

    @TempDir
    Path dir;

    @Test
    void cifar100RecordsCarryACoarseAndAFineLabel() throws IOException {
        Path home = dir.resolve(Cifar100BinaryReader.BINARY_DIR);
        Files.createDirectories(home);
        Files.write(home.resolve("train.bin"), cifar100(new int[][] {{4, 30}, {1, 99}, {19, 0}}));
        Files.write(home.resolve("test.bin"), cifar100(new int[][] {{2, 7}}));
        Files.write(home.resolve("fine_label_names.txt"), IntStream.range(0, 100).mapToObj(i -> "fine" + i).toList());
        Files.write(home.resolve("coarse_label_names.txt"), IntStream.range(0, 20).mapToObj(i -> "coarse" + i).toList());

        TrainTestData fine = Cifar100BinaryReader.read(dir, Cifar100BinaryReader.Labels.FINE);
        assertThat(fine.train().size()).isEqualTo(3);
        assertThat(fine.train().classes()).hasSize(100).startsWith("fine0");
        assertThat(IntStream.range(0, 3).map(fine.train()::label).toArray()).containsExactly(30, 99, 0);
        assertThat(fine.test().label(0)).isEqualTo(7);
        // the pixels follow the two label bytes: record i's first red pixel is i + 1, its first green i + 2
        assertThat(fine.train().pixels()[3072 + 0] & 0xff).isEqualTo(2);
        assertThat(fine.train().pixels()[3072 + 1024] & 0xff).isEqualTo(3);

        TrainTestData coarse = Cifar100BinaryReader.read(home, Cifar100BinaryReader.Labels.COARSE);
        assertThat(coarse.train().classes()).hasSize(20);
        assertThat(IntStream.range(0, 3).map(coarse.train()::label).toArray()).containsExactly(4, 1, 19);

        Files.write(home.resolve("test.bin"), new byte[3073]);
        assertThatThrownBy(() -> Cifar100BinaryReader.read(dir, Cifar100BinaryReader.Labels.FINE))
                .isInstanceOf(DatasetUnavailableException.class).hasMessageContaining("not a multiple of 3074");
    }

    @Test
    void idxFilesAreReadGzippedOrNot() throws IOException {
        write(dir.resolve("train-images-idx3-ubyte.gz"), true, images(5, 4, 3));
        write(dir.resolve("train-labels-idx1-ubyte.gz"), true, labels(new int[] {0, 1, 2, 9, 3}));
        write(dir.resolve("t10k-images-idx3-ubyte"), false, images(2, 4, 3));
        write(dir.resolve("t10k-labels-idx1-ubyte"), false, labels(new int[] {9, 0}));

        TrainTestData data = IdxReader.read(dir, List.of());
        assertThat(data.train().channels()).isEqualTo(1);
        assertThat(data.train().height()).isEqualTo(4);
        assertThat(data.train().width()).isEqualTo(3);
        assertThat(data.train().classes()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(data.train().label(3)).isEqualTo(9);
        assertThat(data.test().size()).isEqualTo(2);
        // image i's pixel p is i * 12 + p
        assertThat(data.train().pixels()[12 + 5] & 0xff).isEqualTo(17);

        List<String> fashion = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
        assertThat(IdxReader.read(dir, fashion).test().classes()).isEqualTo(fashion);
        assertThatThrownBy(() -> IdxReader.read(dir, List.of("a", "b"))).hasMessageContaining("labels go up to 9");

        write(dir.resolve("t10k-labels-idx1-ubyte"), false, labels(new int[] {9}));
        assertThatThrownBy(() -> IdxReader.read(dir, List.of())).hasMessageContaining("holds 2 images but");
        byte[] truncated = images(2, 4, 3);
        write(dir.resolve("t10k-images-idx3-ubyte"), false, java.util.Arrays.copyOf(truncated, truncated.length - 5));
        write(dir.resolve("t10k-labels-idx1-ubyte"), false, labels(new int[] {9, 0}));
        assertThatThrownBy(() -> IdxReader.read(dir, List.of())).hasMessageContaining("ends before the count its header declares");
    }

    private static byte[] cifar100(int[][] labels) {
        byte[] out = new byte[labels.length * 3074];
        for (int i = 0; i < labels.length; i++) {
            out[i * 3074] = (byte) labels[i][0];
            out[i * 3074 + 1] = (byte) labels[i][1];
            out[i * 3074 + 2] = (byte) (i + 1);
            out[i * 3074 + 2 + 1024] = (byte) (i + 2);
        }
        return out;
    }

    private static byte[] images(int n, int rows, int cols) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxReader.IMAGES_MAGIC);
        out.writeInt(n);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < rows * cols; p++) {
                out.writeByte(i * rows * cols + p);
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] labels(int[] labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxReader.LABELS_MAGIC);
        out.writeInt(labels.length);
        for (int label : labels) {
            out.writeByte(label);
        }
        return bytes.toByteArray();
    }

    private static void write(Path file, boolean gzip, byte[] bytes) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(bytes);
        }
    }
}
