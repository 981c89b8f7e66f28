package io.lrlab.dataset;

import io.lrlab.error.ConflictException;
import io.lrlab.error.ForbiddenException;
import io.lrlab.error.InvalidInputException;
import io.lrlab.error.NotFoundException;
import io.lrlab.system.Directories;
import io.lrlab.system.StorageSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The data sets users register: validated and decoded once, at registration, then stored with their decoded images
 * in the database, so every node trains on the same bytes. All or nothing: a registration that fails anywhere leaves
 * no row, no stored image and no unpacked file.
 */
@Service
public class DatasetRegistry {

    public static final String NAME = "[a-z0-9][a-z0-9._-]{0,63}";
    public static final String SIZE = "[1-9][0-9]{0,3}(x[1-9][0-9]{0,3})?";
    private static final Logger log = LoggerFactory.getLogger(DatasetRegistry.class);
    private static final String COLUMNS = "id, name, source, location, split, classes, train_images, test_images, height, width, "
            + "channels, size_bytes, fingerprint, created_at";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final DatasetContent content;
    private final RegistrySettings settings;
    private final StorageSettings storage;

    DatasetRegistry(JdbcTemplate jdbc, TransactionTemplate transactions, DatasetContent content, RegistrySettings settings,
                    StorageSettings storage) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.content = content;
        this.settings = settings;
        this.storage = storage;
    }

    /** A registered data set's row. */
    record Registered(long id, DatasetView view) {
    }

    public List<DatasetView> list() {
        List<DatasetView> out = new ArrayList<>();
        out.add(Cifar10.view());
        out.addAll(jdbc.query("SELECT " + COLUMNS + " FROM dataset ORDER BY name", (rs, i) -> row(rs).view()));
        return out;
    }

    public DatasetView view(String name) {
        return lookup(name).orElseThrow(() -> new NotFoundException("no data set '" + name + "'"));
    }

    /** A data set experiments may name: CIFAR-10 or a registered one. */
    public Optional<DatasetView> lookup(String name) {
        return DatasetLoader.CIFAR10.equals(name) ? Optional.of(Cifar10.view()) : find(name).map(Registered::view);
    }

    Optional<Registered> find(String name) {
        return jdbc.query("SELECT " + COLUMNS + " FROM dataset WHERE name = ?", (rs, i) -> row(rs), name).stream().findFirst();
    }

    /** Registers a folder on the server, which must lie under one of {@code lrlab.datasets.allowed-roots}. */
    public DatasetView register(DatasetRequest request) {
        checkName(request.name());
        Path folder = confined(request.path());
        TrainTestData data;
        String split;
        switch (request.source()) {
            case "cifar100" -> {
                data = Cifar100BinaryReader.read(folder, "coarse".equals(request.labels())
                        ? Cifar100BinaryReader.Labels.COARSE : Cifar100BinaryReader.Labels.FINE);
                split = "the release's: train.bin and test.bin, " + (request.labels() == null ? "fine" : request.labels()) + " labels";
            }
            case "idx" -> {
                data = IdxReader.read(folder, request.classes() == null ? List.of() : request.classes());
                split = "the release's: train-* and t10k-*";
            }
            default -> {
                ImageTree tree = ImageTree.scan(folder, request.testFraction() == null ? 0 : request.testFraction(),
                        request.splitSeed() == null ? 1 : request.splitSeed(), "path");
                data = decode(request.name(), tree, request.imageSize(), request.channels(), "path");
                split = tree.split();
            }
        }
        return store(request.name(), request.source(), folder.toString(), split, data);
    }

    /**
     * Registers an uploaded zip: unpacked into a folder of its own under the data directory (with the limits of
     * {@link ZipUnpacker}), validated and decoded like a folder, then that folder is deleted whatever happens.
     */
    public DatasetView upload(String name, Path zip, Double testFraction, Long splitSeed, String imageSize, Integer channels) {
        checkName(name);
        if (imageSize != null && !imageSize.matches(SIZE)) {
            throw InvalidInputException.of("imageSize", "is HxW or N, e.g. 48x48");
        }
        Path staging = storage.dataDir().resolve("datasets").resolve("upload-" + UUID.randomUUID());
        try {
            Files.createDirectories(staging);
            Path root = ZipUnpacker.unpack(zip, staging.toRealPath(), settings.maxEntries(), settings.maxExpanded().toBytes());
            ImageTree tree = ImageTree.scan(root, testFraction == null ? 0 : testFraction, splitSeed == null ? 1 : splitSeed, "file");
            TrainTestData data = decode(name, tree, imageSize, channels, "file");
            return store(name, "upload", null, tree.split(), data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Directories.deleteRecursively(staging);
            } catch (IOException e) {
                log.warn("Could not delete the unpacked upload {}: {}", staging, e.toString());
            }
        }
    }

    /** @param force delete it even if experiments used it (they keep its fingerprint in their provenance) */
    public void delete(String name, boolean force) {
        if (DatasetLoader.CIFAR10.equals(name)) {
            throw new ConflictException("CIFAR-10 is built in and cannot be deleted");
        }
        Registered found = find(name).orElseThrow(() -> new NotFoundException("no data set '" + name + "'"));
        Integer used = jdbc.queryForObject("SELECT count(*) FROM experiment WHERE dataset = ?", Integer.class, name);
        if (used != null && used > 0 && !force) {
            throw new ConflictException(used + " experiments trained on '" + name + "'; delete with ?force=true to remove it anyway "
                    + "(they keep its fingerprint)");
        }
        jdbc.update("DELETE FROM dataset WHERE id = ?", found.id());
    }

    /** The decoded images of a registered data set, from the database. */
    TrainTestData load(Registered found) {
        return content.read(found.id(), found.view().name());
    }

    private TrainTestData decode(String name, ImageTree tree, String imageSize, Integer channels, String field) {
        if (channels != null && channels != 1 && channels != 3) {
            throw InvalidInputException.of("channels", "is 1 (grayscale) or 3 (RGB)");
        }
        int height = 0;
        int width = 0;
        if (imageSize != null) {
            String[] parts = imageSize.split("x");
            height = Integer.parseInt(parts[0]);
            width = parts.length > 1 ? Integer.parseInt(parts[1]) : height;
        }
        ImageDecoder.Shape shape = ImageDecoder.shape(tree, height, width, channels == null ? 0 : channels, field);
        return new TrainTestData(name, ImageDecoder.decode(tree, tree.train(), shape, field), ImageDecoder.decode(tree, tree.test(), shape, field));
    }

    private DatasetView store(String name, String source, String location, String split, TrainTestData data) {
        if (data.train().size() == 0 || data.test().size() == 0) {
            throw InvalidInputException.of("path", "a data set needs images to train on and to test on; train has "
                    + data.train().size() + ", test " + data.test().size());
        }
        String fingerprint = Fingerprint.of(data);
        Instant now = Instant.now();
        try {
            DatasetView view = transactions.execute(status -> {
                GeneratedKeyHolder key = new GeneratedKeyHolder();
                jdbc.update(c -> {
                    var ps = c.prepareStatement("""
                            INSERT INTO dataset (name, source, location, split, classes, train_images, test_images, height, width,
                                                 channels, size_bytes, fingerprint, created_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)""", new String[] {"id"});
                    ps.setString(1, name);
                    ps.setString(2, source);
                    ps.setString(3, location);
                    ps.setString(4, split);
                    ps.setString(5, ClassNames.join(data.train().classes()));
                    ps.setInt(6, data.train().size());
                    ps.setInt(7, data.test().size());
                    ps.setInt(8, data.train().height());
                    ps.setInt(9, data.train().width());
                    ps.setInt(10, data.train().channels());
                    ps.setString(11, fingerprint);
                    ps.setTimestamp(12, Timestamp.from(now));
                    return ps;
                }, key);
                long id = key.getKey().longValue();
                long bytes = content.write(id, data);
                jdbc.update("UPDATE dataset SET size_bytes = ? WHERE id = ?", bytes, id);
                return find(name).orElseThrow().view();
            });
            log.info("Data set '{}' registered: {} classes, {} train and {} test images of {}x{}x{}", name, data.train().classes().size(),
                    data.train().size(), data.test().size(), data.train().height(), data.train().width(), data.train().channels());
            return view;
        } catch (DuplicateKeyException e) {
            throw new ConflictException("a data set named '" + name + "' exists already");
        }
    }

    private void checkName(String name) {
        if (name == null || !name.matches(NAME)) {
            throw InvalidInputException.of("name", "lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, up to 64");
        }
        if (DatasetLoader.CIFAR10.equals(name) || find(name).isPresent()) {
            throw new ConflictException("a data set named '" + name + "' exists already");
        }
    }

    /** The real path of {@code path} when it lies under an allowed root; never reads anything else. */
    private Path confined(String path) {
        if (settings.allowedRoots().isEmpty()) {
            throw new ForbiddenException("registering folders on the server is off: the operator has not set lrlab.datasets.allowed-roots");
        }
        Path requested;
        try {
            requested = Path.of(path);
        } catch (RuntimeException e) {
            throw InvalidInputException.of("path", "is not a path");
        }
        if (!requested.isAbsolute()) {
            throw InvalidInputException.of("path", "must be absolute");
        }
        Path normal = requested.normalize();
        boolean underRoot = settings.allowedRoots().stream().anyMatch(root -> normal.startsWith(root.toAbsolutePath().normalize()));
        if (!underRoot) {
            throw new ForbiddenException(path + " is not under a folder lrlab.datasets.allowed-roots names");
        }
        try {
            Path real = normal.toRealPath();
            // a link inside a root may point outside it: the real path must be under a root's real path too
            boolean stillUnder = settings.allowedRoots().stream().anyMatch(root -> {
                try {
                    return real.startsWith(root.toRealPath());
                } catch (IOException e) {
                    return false;
                }
            });
            if (!stillUnder) {
                throw new ForbiddenException(path + " leads outside the allowed roots");
            }
            if (!Files.isDirectory(real)) {
                throw InvalidInputException.of("path", "is not a folder");
            }
            return real;
        } catch (IOException e) {
            throw InvalidInputException.of("path", "does not exist");
        }
    }

    private static Registered row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Registered(rs.getLong("id"), new DatasetView(rs.getString("name"), rs.getString("source"), rs.getString("location"),
                rs.getString("split"), ClassNames.split(rs.getString("classes")), rs.getInt("train_images"), rs.getInt("test_images"),
                new DatasetView.Shape(rs.getInt("height"), rs.getInt("width"), rs.getInt("channels")), rs.getLong("size_bytes"),
                rs.getString("fingerprint"), rs.getTimestamp("created_at").toInstant()));
    }

    /** Class names stored one per line (a class folder's name holds no line break). */
    static final class ClassNames {
        private ClassNames() {
        }

        static String join(List<String> names) {
            return String.join("\n", names);
        }

        static List<String> split(String stored) {
            return Arrays.asList(stored.split("\n", -1));
        }
    }
}
