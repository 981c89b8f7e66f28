package io.lrlab.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.LrlabHttpTest;
import io.lrlab.LrlabInstance;
import io.lrlab.web.Http;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Users' own data over real HTTP: folders under the allowed root (RGB PNGs at 48x48 in 3 classes, a grayscale tree
 * split by fraction) and uploaded zips train to COMPLETED with their class names in the report; every bad upload is a
 * 400 that names the problem and leaves neither a row nor an unpacked file; paths outside the root are never read.
 */
@LrlabHttpTest
class DatasetsHttpTest {

    private static final Path ROOTS = Path.of("target/test-data/dataset-roots");

    @Autowired
    ConfigurableApplicationContext context;

    LrlabInstance lrlab;
    Path mine;

    @BeforeEach
    void setUp() throws IOException {
        lrlab = LrlabInstance.attach(context);
        mine = ROOTS.resolve(UUID.randomUUID().toString()).toAbsolutePath();
        Files.createDirectories(mine);
    }

    @Test
    void folderDataSetsOfRgbAndGrayscaleImagesTrainWithTheirClassNames() {
        String suffix = mine.getFileName().toString().substring(0, 8);
        TestImages.rgbTree(mine.resolve("shapes"), List.of("circle", "square", "triangle"), 48, 8, 4, 1);
        TestImages.grayTree(mine.resolve("gray"), List.of("dark", "light"), 20, 8, 2);

        HttpResponse<byte[]> shapes = lrlab.http.post("/api/datasets", """
                {"name": "shapes-%s", "source": "folder", "path": "%s"}""".formatted(suffix, mine.resolve("shapes")));
        assertThat(shapes.statusCode()).as(Http.text(shapes)).isEqualTo(201);
        assertThat(shapes.headers().firstValue("Location")).contains("/api/datasets/shapes-" + suffix);
        JsonNode view = lrlab.json(shapes.body());
        assertThat(view.get("classes").toString()).isEqualTo("[\"circle\",\"square\",\"triangle\"]");
        assertThat(view.get("trainImages").asInt()).isEqualTo(24);
        assertThat(view.get("testImages").asInt()).isEqualTo(12);
        assertThat(view.get("shape").toString()).isEqualTo("{\"height\":48,\"width\":48,\"channels\":3}");
        assertThat(view.get("fingerprint").asString()).startsWith("sha256:");
        assertThat(view.get("sizeBytes").asLong()).isGreaterThan(36L * 48 * 48 * 3);

        HttpResponse<byte[]> gray = lrlab.http.post("/api/datasets", """
                {"name": "gray-%s", "source": "folder", "path": "%s", "testFraction": 0.25, "splitSeed": 3}""".formatted(suffix, mine.resolve("gray")));
        assertThat(gray.statusCode()).as(Http.text(gray)).isEqualTo(201);
        JsonNode grayView = lrlab.json(gray.body());
        assertThat(grayView.get("shape").get("channels").asInt()).isEqualTo(1);
        assertThat(grayView.get("trainImages").asInt()).as("6 of each class's 8").isEqualTo(12);
        assertThat(grayView.get("split").asString()).contains("stratified").contains("seed 3");

        List<String> names = new ArrayList<>();
        lrlab.get("/api/datasets").forEach(d -> names.add(d.get("name").asString()));
        assertThat(names).contains("cifar10", "shapes-" + suffix, "gray-" + suffix);
        assertThat(lrlab.get("/api/models?dataset=gray-" + suffix).get(0).get("parameters").asLong()).isPositive();

        long rgb = lrlab.submit(tiny("shapes-" + suffix));
        long grayscale = lrlab.submit(tiny("gray-" + suffix));
        for (long id : new long[] {rgb, grayscale}) {
            LrlabInstance.await("experiment " + id + " finished", Duration.ofSeconds(180),
                    () -> !List.of("QUEUED", "RUNNING").contains(lrlab.status(id)));
            assertThat(lrlab.status(id)).as(lrlab.get("/api/experiments/" + id).toString()).isEqualTo("COMPLETED");
        }
        assertThat(Http.text(lrlab.http.get("/api/experiments/" + rgb + "/report.txt"))).contains("circle", "square", "triangle");
        assertThat(Http.text(lrlab.http.get("/api/experiments/" + grayscale + "/report.txt"))).contains("dark", "light");
        assertThat(lrlab.get("/api/experiments/" + rgb).get("spec").get("trainLimit").asInt()).as("all of it, stated").isEqualTo(24);

        assertThat(lrlab.http.delete("/api/datasets/shapes-" + suffix).statusCode()).as("in use").isEqualTo(409);
        assertThat(lrlab.http.delete("/api/datasets/shapes-" + suffix + "?force=true").statusCode()).isEqualTo(204);
        assertThat(lrlab.http.get("/api/datasets/shapes-" + suffix).statusCode()).isEqualTo(404);
        assertThat(lrlab.get("/api/experiments/" + rgb).get("status").asString()).as("the experiment stays").isEqualTo("COMPLETED");
    }

    @Test
    void aDataSetRegisteredAgainUnderItsNameTrainsOnItsNewImages() {
        String name = "again-" + mine.getFileName().toString().substring(0, 8);
        // the same counts and shape both times, so only the bytes tell the two apart
        TestImages.rgbTree(mine.resolve("first"), List.of("cat", "dog"), 16, 4, 2, 1);
        TestImages.rgbTree(mine.resolve("second"), List.of("fox", "owl"), 16, 4, 2, 2);
        HttpResponse<byte[]> first = lrlab.http.post("/api/datasets", """
                {"name": "%s", "source": "folder", "path": "%s"}""".formatted(name, mine.resolve("first")));
        assertThat(first.statusCode()).as(Http.text(first)).isEqualTo(201);
        long before = lrlab.submit(tiny(name));
        LrlabInstance.await("the first run", Duration.ofSeconds(180), () -> !List.of("QUEUED", "RUNNING").contains(lrlab.status(before)));
        assertThat(Http.text(lrlab.http.get("/api/experiments/" + before + "/report.txt"))).contains("cat", "dog");

        assertThat(lrlab.http.delete("/api/datasets/" + name + "?force=true").statusCode()).isEqualTo(204);
        HttpResponse<byte[]> second = lrlab.http.post("/api/datasets", """
                {"name": "%s", "source": "folder", "path": "%s"}""".formatted(name, mine.resolve("second")));
        assertThat(second.statusCode()).as(Http.text(second)).isEqualTo(201);
        long after = lrlab.submit(tiny(name));
        LrlabInstance.await("the second run", Duration.ofSeconds(180), () -> !List.of("QUEUED", "RUNNING").contains(lrlab.status(after)));
        assertThat(lrlab.status(after)).isEqualTo("COMPLETED");
        assertThat(Http.text(lrlab.http.get("/api/experiments/" + after + "/report.txt"))).as("the new images, not the worker's last")
                .contains("fox", "owl").doesNotContain("cat");
        assertThat(lrlab.get("/api/experiments/" + after).get("provenance").get("dataset").get("checksum").asString())
                .isNotEqualTo(lrlab.get("/api/experiments/" + before).get("provenance").get("dataset").get("checksum").asString());
    }

    @Test
    void anUploadedZipTrains() {
        String name = "zip-" + mine.getFileName().toString().substring(0, 8);
        Zips zip = new Zips();
        Random random = new Random(4);
        for (String cls : List.of("ant", "bee")) {
            for (int i = 0; i < 6; i++) {
                zip.file("bugs/" + cls + "/" + i + ".png", TestImages.png(TestImages.shape(cls.equals("ant") ? 0 : 1, 24, random, BufferedImage.TYPE_INT_RGB)));
            }
        }
        HttpResponse<byte[]> uploaded = Zips.upload(lrlab.http, zip.bytes(), "name=" + name + "&testFraction=0.34&imageSize=16x16");
        assertThat(uploaded.statusCode()).as(Http.text(uploaded)).isEqualTo(201);
        JsonNode view = lrlab.json(uploaded.body());
        assertThat(view.get("source").asString()).isEqualTo("upload");
        assertThat(view.get("shape").toString()).isEqualTo("{\"height\":16,\"width\":16,\"channels\":3}");
        assertThat(view.get("testImages").asInt()).isEqualTo(4);
        long id = lrlab.submit(tiny(name));
        LrlabInstance.await("experiment " + id + " finished", Duration.ofSeconds(180), () -> !List.of("QUEUED", "RUNNING").contains(lrlab.status(id)));
        assertThat(lrlab.status(id)).isEqualTo("COMPLETED");
        assertThat(lrlab.get("/api/experiments/" + id).get("provenance").toString()).contains(view.get("fingerprint").asString());
        assertThat(unpacked()).as("the unpacked upload is gone").isEmpty();
    }

    @Test
    void everyBadUploadIsRefusedByNameAndLeavesNothingBehind() {
        byte[] png = TestImages.png(TestImages.shape(0, 8, new Random(1), BufferedImage.TYPE_INT_RGB));
        Zips good = new Zips().file("a/1.png", png).file("b/1.png", png);
        record Bad(String what, byte[] zip, String query, String expected) {
        }
        List<Bad> bad = List.of(
                new Bad("path traversal", copy(good).file("../evil.png", png).bytes(), "", "../evil.png (a path outside the archive)"),
                new Bad("absolute name", copy(good).file("/etc/evil.png", png).bytes(), "", "/etc/evil.png (a path outside the archive)"),
                new Bad("a link", copy(good).link("a/2.png", "/etc/passwd").bytes(), "", "a/2.png (a link)"),
                new Bad("a zip bomb", copy(good).file("a/big.png", new byte[4 << 20]).bytes(), "", "expands to more than"),
                new Bad("too many entries", many(good, 450), "", "more than 400 entries"),
                new Bad("files that are not images", copy(good).file("a/notes.txt", new byte[] {1}).file("b/x.csv", new byte[] {2}).bytes(), "",
                        "2 files are not JPEG or PNG images: a/notes.txt, b/x.csv"),
                new Bad("unreadable images", copy(good).file("a/broken.png", new byte[] {1, 2, 3}).bytes(), "", "1 images cannot be read: a/broken.png"),
                new Bad("one class", new Zips().file("a/1.png", png).file("a/2.png", png).bytes(), "", "at least 2 class folders"),
                new Bad("an empty class", copy(good).file("c/", new byte[0]).bytes(), "", "class c holds no images"),
                new Bad("not a zip", "hello".getBytes(), "", "not a readable zip"),
                new Bad("a bad name", good.bytes(), "&name=UPPER", "lower-case letters"),
                new Bad("no split for one tree", good.bytes(), "&testFraction=1.5", "testFraction"));
        for (Bad b : bad) {
            String name = "bad-" + UUID.randomUUID().toString().substring(0, 8);
            String query = b.query().startsWith("&name=") ? b.query().substring(1) : "name=" + name + (b.query().isEmpty() ? "&testFraction=0.5" : b.query());
            HttpResponse<byte[]> response = Zips.upload(lrlab.http, b.zip(), query);
            assertThat(response.statusCode()).as(b.what() + ": " + Http.text(response)).isEqualTo(400);
            assertThat(Http.text(response)).as(b.what()).contains(b.expected());
            assertThat(lrlab.http.get("/api/datasets/" + name).statusCode()).as(b.what() + " left a row").isEqualTo(404);
            assertThat(unpacked()).as(b.what() + " left files").isEmpty();
        }
    }

    @Test
    void foldersOutsideTheAllowedRootsAreNeverRead() {
        TestImages.rgbTree(mine.resolve("ok"), List.of("x", "y"), 8, 2, 1, 5);
        assertThat(register("outside", "/etc").statusCode()).isEqualTo(403);
        assertThat(register("escape", mine.resolve("..").resolve("..").resolve("..").toString()).statusCode()).isEqualTo(403);
        assertThat(register("relative", "target/test-data/dataset-roots").statusCode()).isEqualTo(400);
        assertThat(register("missing", mine.resolve("nothing").toString()).statusCode()).isEqualTo(400);
        HttpResponse<byte[]> unknown = lrlab.http.post("/api/experiments", """
                {"schedule": "none", "initialLr": 0.1, "epochs": 1, "dataset": "no-such-set"}""");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(Http.text(unknown)).contains("dataset");
    }

    private HttpResponse<byte[]> register(String name, String path) {
        return lrlab.http.post("/api/datasets", """
                {"name": "%s-%s", "source": "folder", "path": "%s"}""".formatted(name, mine.getFileName().toString().substring(0, 8), path));
    }

    private static String tiny(String dataset) {
        return """
                {"schedule": "none", "initialLr": 0.05, "epochs": 1, "model": "resnet-tiny", "batchSize": 8, "dataset": "%s"}""".formatted(dataset);
    }

    private static Zips copy(Zips zips) {
        byte[] png = TestImages.png(TestImages.shape(0, 8, new Random(1), BufferedImage.TYPE_INT_RGB));
        return new Zips().file("a/1.png", png).file("b/1.png", png);
    }

    private static byte[] many(Zips base, int n) {
        Zips zips = copy(base);
        byte[] png = TestImages.png(TestImages.shape(1, 4, new Random(2), BufferedImage.TYPE_INT_RGB));
        for (int i = 0; i < n; i++) {
            zips.file("a/m" + i + ".png", png);
        }
        return zips.bytes();
    }

    private List<Path> unpacked() {
        Path dir = Path.of(context.getEnvironment().getProperty("lrlab.data-dir")).resolve("datasets");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
