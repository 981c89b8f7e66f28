package io.lrlab.system;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lrlab.data-dir}: the one folder a process writes to (the embedded database, the decoded-dataset cache,
 * checkpoints and models, and CIFAR-10 when it is downloaded).
 */
@Validated
@ConfigurationProperties("lrlab")
public record StorageSettings(@DefaultValue("./data") @NotNull Path dataDir) {

    public Path experimentsDir() {
        return dataDir.resolve("experiments");
    }

    public Path cacheDir() {
        return dataDir.resolve("cache");
    }
}
