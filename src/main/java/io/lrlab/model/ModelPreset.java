package io.lrlab.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Named networks users pick by id. */
public enum ModelPreset {

    /** The reference's {@code ResNet.build(32, 32, 3, 10, (9, 9, 9), (64, 64, 128, 256), reg=0.0005)}. */
    RESNET_REFERENCE("resnet-reference", new ResNetSpec("resnet-reference", List.of(9, 9, 9), List.of(64, 64, 128, 256), 5e-4, 1e-4)),
    /** The same design at a size a 2-core CPU trains through 50,000 images in minutes. */
    RESNET_MINI("resnet-mini", new ResNetSpec("resnet-mini", List.of(1, 1, 1), List.of(16, 16, 32, 64), 5e-4, 1e-4)),
    /** For tests and smoke runs: a few thousand parameters. */
    RESNET_TINY("resnet-tiny", new ResNetSpec("resnet-tiny", List.of(1, 1), List.of(8, 8, 16), 5e-4, 1e-4));

    private final String id;
    private final ResNetSpec spec;

    ModelPreset(String id, ResNetSpec spec) {
        this.id = id;
        this.spec = spec;
    }

    public String id() {
        return id;
    }

    public ResNetSpec spec() {
        return spec;
    }

    public static Optional<ModelPreset> fromId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id == null ? "" : id.trim().toLowerCase(Locale.ROOT))).findFirst();
    }

    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(ModelPreset::id).toList());
    }
}
