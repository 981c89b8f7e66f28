package io.lrlab.training;

import java.util.SplittableRandom;

/**
 * The standard CIFAR augmentation (pad by 4 with zeros, random 32x32 crop, random horizontal flip, as torchvision's
 * {@code RandomCrop(32, padding=4)} then {@code RandomHorizontalFlip()}), drawn from (seed, epoch, image index) alone,
 * so a resumed run sees exactly the images an uninterrupted one would, with no random state in the checkpoint.
 */
final class Augmentation {

    static final int PAD = 4;

    private Augmentation() {
    }

    /**
     * Writes image {@code index} of {@code pixels} (channels x height x width bytes from {@code src}), shifted and
     * maybe mirrored, scaled to [0, 1], into {@code out} from {@code dst}.
     */
    static void apply(byte[] pixels, int src, float[] out, int dst, int channels, int height, int width,
                      long seed, int epoch, int index) {
        SplittableRandom random = new SplittableRandom(mix(seed, epoch, index));
        int dy = random.nextInt(2 * PAD + 1) - PAD;
        int dx = random.nextInt(2 * PAD + 1) - PAD;
        boolean flip = random.nextBoolean();
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                int sy = y + dy;
                for (int x = 0; x < width; x++) {
                    int sx = (flip ? width - 1 - x : x) + dx;
                    float v = sy < 0 || sy >= height || sx < 0 || sx >= width ? 0f
                            : (pixels[src + c * plane + sy * width + sx] & 0xff) / 255f;
                    out[dst + c * plane + y * width + x] = v;
                }
            }
        }
    }

    /** One 64-bit seed per (seed, epoch, index), well spread (SplitMix64's finaliser). */
    static long mix(long seed, int epoch, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + ((long) epoch << 32 | (index & 0xffffffffL));
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
