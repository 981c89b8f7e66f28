package io.lrlab;

import io.lrlab.dataset.DatasetLoader;
import io.lrlab.dataset.DatasetSettings;
import io.lrlab.dataset.TrainTestData;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real CIFAR-10 JPEGs in ../shared, and small balanced subsets of them. */
public final class TestData {

    private TestData() {
    }

    public static Path cifarJpg() {
        Path shared = Path.of(System.getProperty("lrlab.shared", "../shared"));
        Path dir = shared.resolve("datasets/cifar10-jpg");
        if (!Files.isDirectory(dir.resolve("train"))) {
            throw new IllegalStateException("CIFAR-10 JPEGs not found at " + dir.toAbsolutePath());
        }
        return dir;
    }

    public static Path cacheDir() {
        return Path.of("target/dataset-cache");
    }

    public static TrainTestData cifar(int trainLimit, int testLimit) {
        DatasetSettings settings = DatasetSettings.of(cifarJpg(), cacheDir());
        return new DatasetLoader(new DatasetSettings(settings.cifar10Dir(), settings.cacheDir(), false,
                settings.downloadUrl(), settings.downloadSize(), settings.downloadMd5())).load(DatasetLoader.CIFAR10, trainLimit, testLimit);
    }
}
