package io.lrlab.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pad-crop-flip on a synthetic image whose pixels encode their own coordinates. */
class AugmentationTest {

    static final int SIDE = 32;

    /** One channel; pixel (y, x) = 1 + y * 7 + x, kept below 256. */
    private static byte[] image() {
        byte[] pixels = new byte[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                pixels[y * SIDE + x] = (byte) ((1 + y * 7 + x) % 250 + 1);
            }
        }
        return pixels;
    }

    private static float[] augmented(long seed, int epoch, int index) {
        float[] out = new float[SIDE * SIDE];
        Augmentation.apply(image(), 0, out, 0, 1, SIDE, SIDE, seed, epoch, index);
        return out;
    }

    @Test
    void theSameSeedEpochAndIndexGiveTheSameImageAndOthersUsuallyDiffer() {
        assertThat(augmented(42, 3, 17)).containsExactly(augmented(42, 3, 17));
        Set<String> variants = new HashSet<>();
        for (int epoch = 0; epoch < 20; epoch++) {
            variants.add(java.util.Arrays.toString(augmented(42, epoch, 17)));
        }
        assertThat(variants.size()).as("shifts and flips vary from epoch to epoch").isGreaterThan(10);
    }

    @Test
    void everyOutputIsAShiftedMaybeMirroredCopyWithZeroPadding() {
        byte[] source = image();
        for (int index = 0; index < 50; index++) {
            float[] out = augmented(7, 1, index);
            boolean matched = false;
            for (int dy = -4; dy <= 4 && !matched; dy++) {
                for (int dx = -4; dx <= 4 && !matched; dx++) {
                    for (boolean flip : new boolean[] {false, true}) {
                        if (matches(source, out, dy, dx, flip)) {
                            matched = true;
                            break;
                        }
                    }
                }
            }
            assertThat(matched).as("image %d", index).isTrue();
        }
    }

    private static boolean matches(byte[] source, float[] out, int dy, int dx, boolean flip) {
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int sy = y + dy;
                int sx = (flip ? SIDE - 1 - x : x) + dx;
                float expected = sy < 0 || sy >= SIDE || sx < 0 || sx >= SIDE ? 0f : (source[sy * SIDE + sx] & 0xff) / 255f;
                if (out[y * SIDE + x] != expected) {
                    return false;
                }
            }
        }
        return true;
    }
}
