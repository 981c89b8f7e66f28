package io.lrlab.training;

import io.lrlab.dataset.LabeledImages;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Cuts images into scaled, one-hot batches; the training order is a fresh permutation every epoch, and with
 * augmentation on, every image is shifted and mirrored as {@link Augmentation} draws for (seed, epoch, index).
 */
final class Batches {

    /** A batch's numbers before they become ND4J arrays: filled on any thread. */
    record Arrays(int n, float[] features, float[] labels) {
    }

    private final LabeledImages images;
    private final int batchSize;
    private final boolean augment;
    private final long seed;

    Batches(LabeledImages images, int batchSize) {
        this(images, batchSize, false, 0);
    }

    Batches(LabeledImages images, int batchSize, boolean augment, long seed) {
        this.images = images;
        this.batchSize = batchSize;
        this.augment = augment;
        this.seed = seed;
    }

    int batchSizeHint() {
        return batchSize;
    }

    int count() {
        return (images.size() + batchSize - 1) / batchSize;
    }

    /**
     * The order of one epoch. why: derived from (seed, epoch) alone, so a resumed run shuffles exactly as an
     * uninterrupted one would, with no RNG state to carry in the checkpoint.
     */
    int[] order(long seed, int epoch) {
        int[] order = new int[images.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random random = new Random(seed * 1_000_003L + epoch);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Batch {@code b} of the given order (identity order when {@code order} is null), never augmented. */
    DataSet batch(int[] order, int b) {
        return toDataSet(arrays(order, b, -1));
    }

    /**
     * The numbers of batch {@code b} of epoch {@code epoch}, augmented when this is the training set and augmentation
     * is on; plain Java, so a prefetch thread can fill the next batch while the network trains on this one.
     */
    Arrays arrays(int[] order, int b, int epoch) {
        int from = b * batchSize;
        int n = Math.min(batchSize, images.size() - from);
        int imageSize = images.imageSize();
        int classes = images.classes().size();
        float[] x = new float[n * imageSize];
        float[] y = new float[n * classes];
        byte[] pixels = images.pixels();
        for (int k = 0; k < n; k++) {
            int index = order == null ? from + k : order[from + k];
            int src = index * imageSize;
            int dst = k * imageSize;
            if (augment && epoch >= 0) {
                Augmentation.apply(pixels, src, x, dst, images.channels(), images.height(), images.width(), seed, epoch, index);
            } else {
                for (int p = 0; p < imageSize; p++) {
                    x[dst + p] = (pixels[src + p] & 0xff) / 255f;
                }
            }
            y[k * classes + images.label(index)] = 1f;
        }
        return new Arrays(n, x, y);
    }

    DataSet toDataSet(Arrays a) {
        INDArray features = Nd4j.create(a.features(), new long[] {a.n(), images.channels(), images.height(), images.width()}, 'c');
        INDArray labels = Nd4j.create(a.labels(), new long[] {a.n(), images.classes().size()}, 'c');
        return new DataSet(features.castTo(DataType.FLOAT), labels);
    }
}
