package io.lrlab.training;

import io.lrlab.dataset.LabeledImages;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Cuts images into scaled, one-hot batches; the training order is a fresh permutation every epoch. */
final class Batches {

    private final LabeledImages images;
    private final int batchSize;

    Batches(LabeledImages images, int batchSize) {
        this.images = images;
        this.batchSize = batchSize;
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

    /** Batch {@code b} of the given order (identity order when {@code order} is null). */
    DataSet batch(int[] order, int b) {
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
            for (int p = 0; p < imageSize; p++) {
                x[dst + p] = (pixels[src + p] & 0xff) / 255f;
            }
            y[k * classes + images.label(index)] = 1f;
        }
        INDArray features = Nd4j.create(x, new long[] {n, images.channels(), images.height(), images.width()}, 'c');
        INDArray labels = Nd4j.create(y, new long[] {n, classes}, 'c');
        return new DataSet(features.castTo(DataType.FLOAT), labels);
    }
}
