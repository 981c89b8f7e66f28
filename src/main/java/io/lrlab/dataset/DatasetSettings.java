package io.lrlab.dataset;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lrlab.dataset.*}: where CIFAR-10 is and how it is fetched when it is not there.
 *
 * @param cifar10Dir   a folder holding {@code cifar-10-batches-bin/}, or an image folder {@code train/<class>},
 *                     {@code test/<class>}; unset: {@code <lrlab.data-dir>/cifar10}
 * @param download     whether a missing CIFAR-10 is downloaded (into {@code cifar10Dir})
 * @param downloadUrl  the binary release to fetch
 * @param downloadSize its size in bytes, checked before it is unpacked
 * @param downloadMd5  its MD5, checked likewise
 */
@Validated
@ConfigurationProperties("lrlab.dataset")
public record DatasetSettings(
        Path cifar10Dir,
        @DefaultValue("true") boolean download,
        @DefaultValue(Cifar10.DOWNLOAD_URL) @NotNull URI downloadUrl,
        @DefaultValue("" + Cifar10.DOWNLOAD_SIZE) long downloadSize,
        @DefaultValue(Cifar10.DOWNLOAD_MD5) @NotNull String downloadMd5) {

    /** The official release, read from (and downloaded into when allowed) {@code cifar10Dir}. */
    public static DatasetSettings official(Path cifar10Dir, boolean download) {
        return new DatasetSettings(cifar10Dir, download, URI.create(Cifar10.DOWNLOAD_URL), Cifar10.DOWNLOAD_SIZE, Cifar10.DOWNLOAD_MD5);
    }
}
