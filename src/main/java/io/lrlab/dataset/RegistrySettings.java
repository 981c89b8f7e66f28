package io.lrlab.dataset;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lrlab.datasets.*}: what users may register as data sets.
 *
 * @param allowedRoots folders on the server under which data sets may be registered by path; none by default, so
 *                     that no request can make lrlab read the server's files until the operator says where
 * @param maxUpload    the largest zip accepted by upload (the multipart limit follows it)
 * @param maxEntries   the most entries a zip may hold
 * @param maxExpanded  the most bytes a zip may expand to: a zip bomb stops here, mid-entry if need be
 */
@Validated
@ConfigurationProperties("lrlab.datasets")
public record RegistrySettings(
        @DefaultValue("") @NotNull List<Path> allowedRoots,
        @DefaultValue("1GB") @NotNull DataSize maxUpload,
        @DefaultValue("200000") @Min(1) int maxEntries,
        @DefaultValue("4GB") @NotNull DataSize maxExpanded) {
}
