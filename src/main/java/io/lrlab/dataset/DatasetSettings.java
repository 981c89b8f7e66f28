package io.lrlab.dataset;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where datasets live and how CIFAR-10 is fetched.
 *
 * @param cifar10Dir  a folder holding {@code cifar-10-batches-bin/}, or an image folder {@code train/<class>}, {@code test/<class>}
 * @param cacheDir    where decoded images are kept between experiments
 * @param download    whether a missing CIFAR-10 is downloaded
 * @param downloadUrl the archive to fetch
 */
public record DatasetSettings(Path cifar10Dir, Path cacheDir, boolean download, URI downloadUrl, long downloadSize, String downloadMd5) {

    public static DatasetSettings of(Path cifar10Dir, Path cacheDir) {
        return new DatasetSettings(cifar10Dir, cacheDir, true, URI.create(Cifar10.DOWNLOAD_URL), Cifar10.DOWNLOAD_SIZE, Cifar10.DOWNLOAD_MD5);
    }
}
