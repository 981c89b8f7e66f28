package io.lrlab.dataset;

import java.util.List;

/**
 * Decoded images held compactly: unsigned bytes in channel-major order (all of R, then G, then B) per image,
 * one label byte per image. Scaled to [0, 1] only when a batch is made.
 */
public record LabeledImages(List<String> classes, int channels, int height, int width, byte[] pixels, byte[] labels) {

    public LabeledImages {
        classes = List.copyOf(classes);
        if (pixels.length != (long) labels.length * channels * height * width) {
            throw new IllegalArgumentException("pixels do not match " + labels.length + " images of " + channels + "x" + height + "x" + width);
        }
    }

    public int size() {
        return labels.length;
    }

    public int imageSize() {
        return channels * height * width;
    }

    public int label(int index) {
        return labels[index] & 0xff;
    }

    /** Per-class image counts, index = class. */
    public int[] classCounts() {
        int[] counts = new int[classes.size()];
        for (byte label : labels) {
            counts[label & 0xff]++;
        }
        return counts;
    }

    /**
     * At most {@code limit} images, as evenly spread over classes as the data allows, keeping the original order
     * within each class. {@code limit <= 0} or at least {@link #size()} returns this.
     */
    public LabeledImages balancedSubset(int limit) {
        if (limit <= 0 || limit >= size()) {
            return this;
        }
        int k = classes.size();
        int[] available = classCounts();
        int[] quota = new int[k];
        int remaining = limit;
        // water-filling: classes with fewer images than an even share give their spare places to the others
        while (remaining > 0) {
            int open = 0;
            for (int c = 0; c < k; c++) {
                if (quota[c] < available[c]) {
                    open++;
                }
            }
            if (open == 0) {
                break;
            }
            int share = Math.max(1, remaining / open);
            for (int c = 0; c < k && remaining > 0; c++) {
                int add = Math.min(Math.min(share, available[c] - quota[c]), remaining);
                quota[c] += add;
                remaining -= add;
            }
        }
        int total = limit - remaining;
        byte[] outPixels = new byte[total * imageSize()];
        byte[] outLabels = new byte[total];
        int[] taken = new int[k];
        int n = 0;
        for (int i = 0; i < size() && n < total; i++) {
            int c = label(i);
            if (taken[c] < quota[c]) {
                taken[c]++;
                System.arraycopy(pixels, i * imageSize(), outPixels, n * imageSize(), imageSize());
                outLabels[n++] = labels[i];
            }
        }
        return new LabeledImages(classes, channels, height, width, outPixels, outLabels);
    }
}
