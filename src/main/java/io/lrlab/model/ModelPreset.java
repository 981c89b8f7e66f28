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
    RESNET_TINY("resnet-tiny", new ResNetSpec("resnet-tiny", List.of(1, 1), List.of(8, 8, 16), 5e-4, 1e-4)),
    /** He et al. 2016, section 4.2: the CIFAR ResNets of depth 6n + 2, 269,722 trainable parameters at 32x32x3, 10 classes. */
    RESNET20("resnet20", ResNetSpec.he2016(20)),
    /** 464,154 trainable parameters. */
    RESNET32("resnet32", ResNetSpec.he2016(32)),
    /** 658,586 trainable parameters. */
    RESNET44("resnet44", ResNetSpec.he2016(44)),
    /** 853,018 trainable parameters. */
    RESNET56("resnet56", ResNetSpec.he2016(56)),
    /** 1,727,962 trainable parameters. */
    RESNET110("resnet110", ResNetSpec.he2016(110));

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

    /**
     * Whether two experiments of this network train sooner side by side, each on half the cores, than one after the
     * other on all of them: measured for resnet-mini on a 2-core CPU (docs/PERFORMANCE.md, "Trials packed on one
     * machine"), and so for the smaller resnet-tiny.
     */
    public boolean packs() {
        return this == RESNET_MINI || this == RESNET_TINY;
    }

    public static Optional<ModelPreset> fromId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id == null ? "" : id.trim().toLowerCase(Locale.ROOT))).findFirst();
    }

    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(ModelPreset::id).toList());
    }
}
