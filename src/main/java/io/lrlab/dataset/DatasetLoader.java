package io.lrlab.dataset;

import io.lrlab.system.StorageSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Finds a dataset by name and returns its decoded, balanced-limited images.
 * For {@code cifar10}: the binary release if present, else an image folder, else a download; for a registered data
 * set, its images from the database, kept in the local cache after the first read.
 */
@Component
public final class DatasetLoader {

    public static final String CIFAR10 = "cifar10";

    private final DatasetSettings settings;
    private final Path cifar10Dir;
    private final DatasetCache cache;
    private final DatasetRegistry registry;

    /** CIFAR-10 alone: reads it from {@code settings.cifar10Dir()}, else {@code <data-dir>/cifar10}; decoded images are cached in the data dir. */
    public DatasetLoader(DatasetSettings settings, StorageSettings storage) {
        this(settings, storage, null);
    }

    /** CIFAR-10, and the data sets users registered, from the database (cached in the data dir by fingerprint). */
    @Autowired
    public DatasetLoader(DatasetSettings settings, StorageSettings storage, DatasetRegistry registry) {
        this.settings = settings;
        this.cifar10Dir = settings.cifar10Dir() != null ? settings.cifar10Dir() : storage.dataDir().resolve("cifar10");
        this.cache = new DatasetCache(storage.cacheDir());
        this.registry = registry;
    }

    /**
     * What names the bytes {@link #load} gives for {@code name} now: a registered data set's fingerprint (a data set
     * deleted and registered again under its name gets a new one), CIFAR-10's folder.
     */
    public String identity(String name) {
        if (CIFAR10.equals(name)) {
            return CIFAR10 + ":" + cifar10Dir.toAbsolutePath().normalize();
        }
        return registry == null ? name : registry.find(name).map(found -> found.view().fingerprint()).orElse(name);
    }

    /** The folder CIFAR-10 is read from (or downloaded into). */
    public Path source() {
        return cifar10Dir;
    }

    /**
     * @param trainLimit at most this many training images, spread evenly over classes; 0 for all
     * @param testLimit  likewise for the test images
     */
    public TrainTestData load(String name, int trainLimit, int testLimit) {
        if (!CIFAR10.equals(name)) {
            return registered(name).limit(trainLimit, testLimit);
        }
        Path dir = cifar10Dir;
        Path binary = CifarBinaryReader.isPresent(dir) ? dir : dir.resolve(Cifar10.BINARY_DIR);
        if (CifarBinaryReader.isPresent(binary)) {
            return CifarBinaryReader.read(binary).limit(trainLimit, testLimit);
        }
        if (ImageFolderReader.isPresent(dir)) {
            return fromImageFolder(dir, trainLimit, testLimit);
        }
        if (!settings.download()) {
            throw new DatasetUnavailableException("CIFAR-10 is not in " + dir.toAbsolutePath() + " and downloads are off; "
                    + CifarDownloader.whereToPut(dir));
        }
        Path fetched = new CifarDownloader().download(settings.downloadUrl(), settings.downloadSize(), settings.downloadMd5(), dir);
        return CifarBinaryReader.read(fetched).limit(trainLimit, testLimit);
    }

    private TrainTestData fromImageFolder(Path dir, int trainLimit, int testLimit) {
        List<String> classes = ImageFolderReader.classes(dir.resolve("train"));
        int trainPerClass = perClass(trainLimit, classes.size());
        int testPerClass = perClass(testLimit, classes.size());
        String key = "folder-" + Integer.toHexString(dir.toAbsolutePath().normalize().toString().hashCode()) + "-" + Cifar10.SIDE;
        LabeledImages train = cache.getOrCreate(key + "-train-" + trainPerClass,
                () -> ImageFolderReader.read(dir.resolve("train"), classes, Cifar10.SIDE, trainPerClass));
        LabeledImages test = cache.getOrCreate(key + "-test-" + testPerClass,
                () -> ImageFolderReader.read(dir.resolve("test"), classes, Cifar10.SIDE, testPerClass));
        return new TrainTestData(CIFAR10, train, test).limit(trainLimit, testLimit);
    }

    private TrainTestData registered(String name) {
        DatasetRegistry.Registered found = registry == null ? null : registry.find(name).orElse(null);
        if (found == null) {
            throw new DatasetUnavailableException("no data set '" + name + "' is registered; GET /api/datasets lists them");
        }
        // the fingerprint names the bytes: a data set deleted and registered again under its name is fetched again;
        // both splits come from one read of the database, made only if the cache lacks one of them
        String key = "dataset-" + found.view().fingerprint().replace("sha256:", "");
        TrainTestData[] fetched = new TrainTestData[1];
        Supplier<TrainTestData> stored = () -> fetched[0] != null ? fetched[0] : (fetched[0] = registry.load(found));
        LabeledImages train = cache.getOrCreate(key + "-train", () -> stored.get().train());
        LabeledImages test = cache.getOrCreate(key + "-test", () -> stored.get().test());
        return new TrainTestData(name, train, test);
    }

    /** Files to decode per class so a balanced subset of {@code limit} exists; 0 reads all. */
    private static int perClass(int limit, int classes) {
        return limit <= 0 ? 0 : (limit + classes - 1) / classes;
    }
}
