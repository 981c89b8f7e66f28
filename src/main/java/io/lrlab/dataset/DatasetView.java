package io.lrlab.dataset;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * A data set a worker can train on.
 *
 * @param source      {@code built-in}, {@code folder}, {@code upload}, {@code cifar100} or {@code idx}
 * @param location    the folder it was read from (not for uploads)
 * @param split       how train and test were formed
 * @param sizeBytes   its decoded images' size, as stored
 * @param fingerprint SHA-256 over both splits' labels and pixels; experiments record it; null for CIFAR-10 until an
 *                    experiment has decoded it (then in that experiment's provenance)
 */
public record DatasetView(String name, String source, String location, String split, List<String> classes, int trainImages,
                          int testImages, @Schema(description = "height x width x channels") Shape shape, long sizeBytes,
                          String fingerprint, Instant createdAt) {

    /** The size every image of the data set has. */
    public record Shape(int height, int width, int channels) {
    }
}
