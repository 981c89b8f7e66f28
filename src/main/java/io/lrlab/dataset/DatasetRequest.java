package io.lrlab.dataset;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * A data set to register from a folder on the server.
 *
 * @param source       {@code folder} (images, {@code train/<class>} and {@code test/<class>} or one {@code <class>}
 *                     tree), {@code cifar100} (the binary release) or {@code idx} (MNIST, Fashion-MNIST)
 * @param testFraction a single {@code <class>} tree: the share of each class held out for testing
 * @param splitSeed    the seed of that split
 * @param imageSize    {@code HxW} (or {@code N} for NxN) the images are brought to; default their own when all agree
 * @param channels     1 (grayscale) or 3 (RGB); default 1 when every image is grayscale, else 3
 * @param labels       CIFAR-100: {@code fine} (100 classes, the default) or {@code coarse} (20 superclasses)
 * @param classes      IDX: the class names in label order (Fashion-MNIST's, say); default the label numbers
 */
@Schema(example = """
        {"name": "flowers", "source": "folder", "path": "/data/flowers", "testFraction": 0.2, "imageSize": "64x64"}""")
public record DatasetRequest(
        @NotBlank @Pattern(regexp = DatasetRegistry.NAME) @Schema(description = "lower-case letters, digits, '.', '_', '-'; up to 64", example = "flowers") String name,
        @NotBlank @Pattern(regexp = "folder|cifar100|idx") @Schema(example = "folder") String source,
        @NotBlank @Schema(description = "a folder under one of lrlab.datasets.allowed-roots", example = "/data/flowers") String path,
        @Schema(example = "0.2") Double testFraction,
        @Schema(example = "1") Long splitSeed,
        @Pattern(regexp = DatasetRegistry.SIZE) @Schema(example = "48x48") String imageSize,
        Integer channels,
        @Pattern(regexp = "fine|coarse") String labels,
        List<@NotBlank String> classes) {
}
