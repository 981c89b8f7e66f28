package io.lrlab.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.TestData;
import org.junit.jupiter.api.Test;

/** The real CIFAR-10 JPEG folder in ../shared. */
class ImageFolderReaderTest {

    @Test
    void readsABalancedSubsetOfTheRealJpegFolder() {
        TrainTestData data = TestData.cifar(50, 30);
        assertThat(data.train().size()).isEqualTo(50);
        assertThat(data.train().classCounts()).containsOnly(5);
        assertThat(data.test().classCounts()).containsOnly(3);
        assertThat(data.train().classes()).containsExactlyElementsOf(Cifar10.CLASSES);
        assertThat(data.train().height()).isEqualTo(32);
        int nonZero = 0;
        for (byte b : data.train().pixels()) {
            if (b != 0) {
                nonZero++;
            }
        }
        assertThat(nonZero).as("decoded pixels, not an empty buffer").isGreaterThan(data.train().pixels().length / 2);
    }
}
