package io.lrlab.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.LrlabHttpTest;
import io.lrlab.LrlabInstance;
import io.lrlab.web.Http;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.ObjectMapper;

/** Every chart over real HTTP from real (tiny) training runs: decoded, sized, and each series actually drawn. */
@LrlabHttpTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChartsHttpTest {

    static final ObjectMapper JSON = LrlabInstance.JSON;
    LrlabInstance lrlab;
    Http http;
    long first;
    long second;
    long sweep;

    @BeforeAll
    void trainSomeExperiments(@Autowired ConfigurableApplicationContext context) {
        lrlab = LrlabInstance.attach(context);
        http = lrlab.http;
        String tiny = "\"epochs\": 4, \"model\": \"resnet-tiny\", \"trainLimit\": 40, \"testLimit\": 20, \"batchSize\": 10";
        first = id(http.post("/api/experiments", "{\"name\": \"first\", \"schedule\": \"step\", \"initialLr\": 0.05, "
                + "\"scheduleParams\": {\"dropEvery\": 2}, " + tiny + "}"));
        second = id(http.post("/api/experiments", "{\"name\": \"second\", \"schedule\": \"one-cycle\", \"initialLr\": 0.05, " + tiny + "}"));
        sweep = id(http.post("/api/sweeps", "{\"name\": \"seeds\", \"schedules\": [\"linear\", \"none\"], \"initialLrs\": [0.05], "
                + "\"seeds\": [1, 2], " + tiny + "}"));
        List<Long> ids = new java.util.ArrayList<>(List.of(first, second));
        lrlab.get("/api/sweeps/" + sweep).get("ranking").forEach(e -> ids.add(e.get("id").asLong()));
        LrlabInstance.await("six completed experiments", Duration.ofMinutes(4),
                () -> ids.stream().allMatch(id -> lrlab.status(id).equals("COMPLETED")));
    }

    @Test
    void historyChartDrawsAllFourSeries() throws IOException {
        BufferedImage image = png("/api/experiments/" + first + "/charts/history.png?width=900&height=600", 900, 600);
        for (int i = 0; i < 4; i++) {
            assertThat(pixels(image, Palette.color(i))).as("series %d", i).isGreaterThan(50);
        }
    }

    @Test
    void learningRateChartDrawsPlannedAndActual() throws IOException {
        for (long id : List.of(first, second)) {
            BufferedImage image = png("/api/experiments/" + id + "/charts/lr.png", 800, 500);
            assertThat(pixels(image, Palette.color(0))).as("planned").isGreaterThan(50);
            assertThat(pixels(image, Palette.color(1))).as("actual").isGreaterThan(20);
        }
    }

    @Test
    void confusionChartIsAHeatMap() throws IOException {
        BufferedImage image = png("/api/experiments/" + first + "/charts/confusion.png?width=700&height=700", 700, 700);
        long tinted = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                Color c = new Color(image.getRGB(x, y));
                if (c.getBlue() - c.getRed() > 60) {
                    tinted++;
                }
            }
        }
        assertThat(tinted).as("blue cells").isGreaterThan(1000);
    }

    @Test
    void compareAndFinalChartsDrawOneSeriesPerExperiment() throws IOException {
        BufferedImage lines = png("/api/charts/compare.png?ids=" + first + "," + second + "&metric=valLoss&smoothing=0.5&logY=true", 800, 500);
        assertThat(pixels(lines, Palette.color(0))).isGreaterThan(50);
        assertThat(pixels(lines, Palette.color(1))).isGreaterThan(50);
        BufferedImage bars = png("/api/charts/final.png?ids=" + first + "," + second, 800, 500);
        assertThat(pixels(bars, Palette.color(0))).as("final bars").isGreaterThan(500);
        assertThat(pixels(bars, Palette.color(1))).as("best bars").isGreaterThan(500);
    }

    @Test
    void sweepWithSeveralSeedsIsDrawnAsMeanWithBand() throws IOException {
        BufferedImage image = png("/api/sweeps/" + sweep + "/charts/compare.png?metric=trainLoss", 800, 500);
        assertThat(pixels(image, Palette.color(0))).isGreaterThan(50);
        assertThat(pixels(image, Palette.color(1))).isGreaterThan(50);
        png("/api/sweeps/" + sweep + "/charts/compare.png?band=std", 800, 500);
        BufferedImage means = png("/api/sweeps/" + sweep + "/charts/final.png", 800, 500);
        assertThat(pixels(means, Palette.color(0))).as("mean bars").isGreaterThan(500);
        assertThat(pixels(means, Palette.color(1))).as("no per-experiment bars once there are seeds").isLessThan(50);
    }

    @Test
    void sweepSummarisesEachConfigurationOverItsSeedsAndTestsItAgainstTheBest() {
        var configurations = lrlab.get("/api/sweeps/" + sweep).get("configurations");
        assertThat(configurations).hasSize(2);
        var best = configurations.get(0);
        var other = configurations.get(1);
        assertThat(best.get("best").asBoolean()).isTrue();
        assertThat(best.has("pValueVsBest")).isFalse();
        for (var c : List.of(best, other)) {
            assertThat(c.get("runs").asInt()).isEqualTo(2);
            assertThat(c.get("completed").asInt()).isEqualTo(2);
            var finalAcc = c.get("finalValAcc");
            assertThat(finalAcc.get("n").asInt()).isEqualTo(2);
            assertThat(finalAcc.get("ci95Low").asDouble()).isLessThanOrEqualTo(finalAcc.get("mean").asDouble());
            assertThat(finalAcc.get("ci95High").asDouble()).isGreaterThanOrEqualTo(finalAcc.get("mean").asDouble());
        }
        assertThat(best.get("finalValAcc").get("mean").asDouble()).isGreaterThanOrEqualTo(other.get("finalValAcc").get("mean").asDouble());
        if (other.has("pValueVsBest")) {
            assertThat(other.get("pValueVsBest").asDouble()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void svgAndNotModified() {
        HttpResponse<byte[]> svg = http.get("/api/experiments/" + first + "/charts/history.png?format=svg");
        assertThat(svg.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/svg+xml");
        assertThat(Http.text(svg)).contains("<svg").contains("train_loss");

        HttpResponse<byte[]> fresh = http.get("/api/experiments/" + first + "/charts/history.png");
        String etag = fresh.headers().firstValue("ETag").orElseThrow();
        assertThat(fresh.headers().firstValue("Cache-Control").orElseThrow()).contains("no-cache");
        HttpResponse<byte[]> again = http.send(HttpRequest.newBuilder(http.uri("/api/experiments/" + first + "/charts/history.png"))
                .header("If-None-Match", etag).GET().build());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        for (String tags : List.of("W/" + etag, "\"other\", " + etag, "*")) {
            HttpResponse<byte[]> conditional = http.send(HttpRequest.newBuilder(http.uri("/api/experiments/" + first + "/charts/history.png"))
                    .header("If-None-Match", tags).GET().build());
            assertThat(conditional.statusCode()).as("If-None-Match: " + tags).isEqualTo(304);
        }
        HttpResponse<byte[]> other = http.send(HttpRequest.newBuilder(http.uri("/api/experiments/" + first + "/charts/history.png"))
                .header("If-None-Match", "\"other\"").GET().build());
        assertThat(other.statusCode()).isEqualTo(200);
    }

    @Test
    void badChartRequestsAreProblems() {
        assertStatus("/api/experiments/99999/charts/history.png", 404);
        assertStatus("/api/charts/compare.png?ids=" + first + "&metric=speed", 400);
        assertStatus("/api/charts/compare.png?ids=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21", 400);
        assertStatus("/api/charts/compare.png?ids=a,b", 400);
        assertStatus("/api/charts/compare.png", 400);
        assertStatus("/api/experiments/" + first + "/charts/history.png?width=100", 400);
        assertStatus("/api/experiments/" + first + "/charts/history.png?height=5000", 400);
        assertStatus("/api/experiments/" + first + "/charts/history.png?smoothing=1.5", 400);
        assertStatus("/api/experiments/" + first + "/charts/history.png?from=9&to=3", 400);
        assertStatus("/api/sweeps/" + sweep + "/charts/compare.png?band=wide", 400);
    }

    private void assertStatus(String path, int status) {
        HttpResponse<byte[]> response = http.get(path);
        assertThat(response.statusCode()).as(path + ": " + Http.text(response)).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    private BufferedImage png(String path, int width, int height) throws IOException {
        HttpResponse<byte[]> response = http.get(path);
        assertThat(response.statusCode()).as(path + ": " + Http.text(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
        return image;
    }

    static long pixels(BufferedImage image, Color color) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int d = Math.abs(((rgb >> 16) & 0xff) - color.getRed()) + Math.abs(((rgb >> 8) & 0xff) - color.getGreen())
                        + Math.abs((rgb & 0xff) - color.getBlue());
                if (d < 30) {
                    count++;
                }
            }
        }
        return count;
    }

    private static long id(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).as(Http.text(response)).isEqualTo(202);
        return JSON.readTree(response.body()).get("id").asLong();
    }
}
