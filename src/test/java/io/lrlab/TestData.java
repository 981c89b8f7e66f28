package io.lrlab;

import io.lrlab.dataset.DatasetLoader;
import io.lrlab.dataset.DatasetSettings;
import io.lrlab.dataset.TrainTestData;
import io.lrlab.system.StorageSettings;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Real CIFAR-10 images for tests: the 1,000-image sample committed as {@code src/test/resources/cifar10-sample.zip}
 * (80 train and 20 test images per class, unpacked by the build into {@code target/test-classes/cifar10-sample}), and
 * the full copy in {@code ../shared} for the few tests that need scale.
 */
public final class TestData {

    public static final int SAMPLE_TRAIN = 800;
    public static final int SAMPLE_TEST = 200;

    private TestData() {
    }

    /** The committed sample: there on every clone. */
    public static Path cifarSample() {
        URL train = TestData.class.getResource("/cifar10-sample/train");
        if (train == null) {
            throw new IllegalStateException("the CIFAR-10 sample is missing from the test classpath: "
                    + "mvn process-test-resources unpacks src/test/resources/cifar10-sample.zip there");
        }
        try {
            return Path.of(train.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The whole CIFAR-10 (50,000 + 10,000 JPEGs) beside the repository. A test that calls this is skipped with
     * a message when the copy is absent, as on a user's fresh clone; under {@code CI=true} its absence fails
     * instead, so CI keeps the coverage.
     */
    public static Path cifarFull() {
        Path dir = Path.of(System.getProperty("lrlab.shared", "../shared")).resolve("datasets/cifar10-jpg").toAbsolutePath().normalize();
        boolean present = Files.isDirectory(dir.resolve("train")) && Files.isDirectory(dir.resolve("test"));
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but the full CIFAR-10 copy is not at " + dir);
        }
        Assumptions.assumeTrue(present, () -> "skipped: needs the full CIFAR-10 copy at " + dir + " (absent on a fresh clone)");
        return dir;
    }

    /**
     * The sample's folder written as README's users write theirs ({@code ../shared/...}): relative, through the
     * parent folder. why: Spring Boot 4 once bound such a path to null at start-up (see system.PathConverter).
     */
    public static String cifarSampleSetting() {
        Path cwd = Path.of("").toAbsolutePath();
        return Path.of("..").resolve(cwd.getFileName()).resolve(cwd.relativize(cifarSample())).toString();
    }

    /** A balanced subset of the committed sample: at most 800 training and 200 test images. */
    public static TrainTestData cifar(int trainLimit, int testLimit) {
        if (trainLimit > SAMPLE_TRAIN || testLimit > SAMPLE_TEST || trainLimit <= 0 || testLimit <= 0) {
            throw new IllegalArgumentException("the sample holds " + SAMPLE_TRAIN + " + " + SAMPLE_TEST + " images; use cifarFull() for more");
        }
        return load(cifarSample(), trainLimit, testLimit);
    }

    /** A balanced subset of the full copy (skips without it, see {@link #cifarFull()}). */
    public static TrainTestData cifarAtScale(int trainLimit, int testLimit) {
        return load(cifarFull(), trainLimit, testLimit);
    }

    private static TrainTestData load(Path dir, int trainLimit, int testLimit) {
        return new DatasetLoader(DatasetSettings.official(dir, false), new StorageSettings(Path.of("target/test-data/datasets")))
                .load(DatasetLoader.CIFAR10, trainLimit, testLimit);
    }
}
