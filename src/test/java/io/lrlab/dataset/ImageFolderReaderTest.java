package io.lrlab.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Real CIFAR-10 JPEG folders: the committed sample, and the full copy in ../shared where it is. */
class ImageFolderReaderTest {

    @Test
    void readsABalancedSubsetOfTheRealJpegFolder() {
        TrainTestData data = TestData.cifar(50, 30);
        assertThat(data.train().size()).isEqualTo(50);
        assertThat(data.train().classCounts()).containsOnly(5);
        assertThat(data.test().classCounts()).containsOnly(3);
        assertThat(data.train().classes()).containsExactlyElementsOf(Cifar10.CLASSES);
        assertThat(data.train().height()).isEqualTo(32);
        assertThat(nonZero(data.train().pixels())).as("decoded pixels, not an empty buffer").isGreaterThan(data.train().pixels().length / 2);
    }

    @Test
    void committedSampleIsTheWholeBalancedThousandImages() {
        TrainTestData data = TestData.cifar(TestData.SAMPLE_TRAIN, TestData.SAMPLE_TEST);
        assertThat(data.train().classCounts()).containsOnly(80);
        assertThat(data.test().classCounts()).containsOnly(20);
    }

    @Test
    void fullCopyHoldsAllSixtyThousandImagesAndDecodesAtScale() throws IOException {
        Path full = TestData.cifarFull();
        for (String clazz : Cifar10.CLASSES) {
            assertThat(count(full.resolve("train").resolve(clazz))).as("train/" + clazz).isEqualTo(5000);
            assertThat(count(full.resolve("test").resolve(clazz))).as("test/" + clazz).isEqualTo(1000);
        }
        TrainTestData data = TestData.cifarAtScale(3000, 1500);
        assertThat(data.train().classCounts()).containsOnly(300);
        assertThat(data.test().classCounts()).containsOnly(150);
        assertThat(nonZero(data.train().pixels())).isGreaterThan(data.train().pixels().length / 2);
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jpg")).count();
        }
    }

    private static int nonZero(byte[] pixels) {
        int n = 0;
        for (byte b : pixels) {
            if (b != 0) {
                n++;
            }
        }
        return n;
    }
}
