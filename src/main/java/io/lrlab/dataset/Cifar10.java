package io.lrlab.dataset;

import java.util.List;

/** CIFAR-10's fixed facts. */
public final class Cifar10 {

    public static final List<String> CLASSES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
    public static final int SIDE = 32;
    public static final int TRAIN_IMAGES = 50_000;
    public static final int CHANNELS = 3;
    public static final String BINARY_DIR = "cifar-10-batches-bin";
    public static final String DOWNLOAD_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";
    public static final long DOWNLOAD_SIZE = 170_052_171L;
    public static final String DOWNLOAD_MD5 = "c32a1d4ab5d03f1284b67883e8d87530";

    private Cifar10() {
    }

    /** CIFAR-10 in the data-set list: built in, read from lrlab.dataset.cifar10-dir or downloaded. */
    static DatasetView view() {
        return new DatasetView(DatasetLoader.CIFAR10, "built-in", null, "the release's: data_batch_1..5 and test_batch", CLASSES,
                TRAIN_IMAGES, 10_000, new DatasetView.Shape(SIDE, SIDE, CHANNELS), (TRAIN_IMAGES + 10_000L) * (1 + CHANNELS * SIDE * SIDE),
                null, null);
    }
}
