package io.lrlab.preview;

import static io.lrlab.web.Http.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.LrlabHttpTest;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import javax.imageio.ImageIO;
import io.lrlab.web.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

@LrlabHttpTest
class SchedulePreviewHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void setUp() {
        http = new Http(port);
    }

    @Test
    void previewJsonListsTheRateOfEveryEpoch() {
        HttpResponse<byte[]> response = http.get("/api/schedules/preview?schedule=step&initialLr=0.1&epochs=100");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("granularity").asString()).isEqualTo("EPOCH");
        assertThat(body.get("rates")).hasSize(100);
        assertThat(body.get("rates").get(13).get("lr").asDouble()).isEqualTo(0.1);
        assertThat(body.get("rates").get(14).get("lr").asDouble()).isEqualTo(0.025);
        assertThat(body.get("params").get("dropEvery").asInt()).isEqualTo(15);
        assertThat(body.has("iterationRates")).isFalse();
    }

    @Test
    void previewListsEveryIterationOfAPerIterationScheduleOnRequest() {
        JsonNode body = JSON.readTree(http.get(
                "/api/schedules/preview?schedule=standard&initialLr=0.1&epochs=100&itersPerEpoch=391&iterations=true").body());
        assertThat(body.get("iterationRates")).hasSize(39100);
        assertThat(body.get("iterationRates").get(391).asDouble()).isEqualTo(0.1 / (1 + 0.001 * 391));
    }

    @Test
    void schedulesParametersComeFromTheQueryString() {
        JsonNode body = JSON.readTree(http.get("/api/schedules/preview?schedule=step&epochs=30&factor=0.5&dropEvery=10").body());
        assertThat(body.get("rates").get(9).get("lr").asDouble()).isEqualTo(0.05);
    }

    @Test
    void previewPngIsADecodableChartWithEveryComparedCurveDrawn() throws IOException {
        HttpResponse<byte[]> response = http.get(
                "/api/schedules/preview.png?schedule=step&initialLr=0.1&epochs=100&compare=linear,poly&width=900&height=600");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(image.getHeight()).isEqualTo(600);
        assertThat(pixelsOf(image, new Color(0x1f77b4))).as("step, first colour").isGreaterThan(200);
        assertThat(pixelsOf(image, new Color(0xff7f0e))).as("linear, second colour").isGreaterThan(200);
        assertThat(pixelsOf(image, new Color(0x2ca02c))).as("poly, third colour").isGreaterThan(200);
    }

    @Test
    void previewCanBeSvg() {
        HttpResponse<byte[]> response = http.get("/api/schedules/preview.png?schedule=cosine&format=svg");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(text(response)).contains("<svg xmlns").contains("Learning Rate Schedule");
    }

    @Test
    void catalogueDescribesEveryScheduleWithFormulaAndDefaults() {
        JsonNode body = JSON.readTree(http.get("/api/schedules").body());
        assertThat(body).hasSize(12);
        JsonNode step = body.get(2);
        assertThat(step.get("id").asString()).isEqualTo("step");
        assertThat(step.get("formula").asString()).contains("floor((1 + e) / dropEvery)");
        assertThat(step.get("parameters").get(0).get("defaultValue").asString()).isEqualTo("0.25");
        assertThat(step.get("example").get("scheduleParams").get("factor").asDouble()).isEqualTo(0.25);
    }

    @Test
    void aPlateauPreviewShowsTheStartAndSaysTheRestDependsOnTheMetrics() {
        JsonNode body = JSON.readTree(http.get("/api/schedules/preview?schedule=plateau&initialLr=0.1&epochs=20&patience=3").body());
        assertThat(body.get("note").asString()).contains("depends on the validation metrics");
        assertThat(body.get("rates")).hasSize(20).allSatisfy(r -> assertThat(r.get("lr").asDouble()).isEqualTo(0.1));
        assertThat(JSON.readTree(http.get("/api/schedules/preview?schedule=step&initialLr=0.1&epochs=20").body()).has("note")).isFalse();
    }

    @Test
    void badInputIsAProblemDocumentNamingTheField() {
        assertProblem(http.get("/api/schedules/preview?schedule=warp"), "schedule");
        assertProblem(http.get("/api/schedules/preview?schedule=step&initialLr=0"), "initialLr");
        assertProblem(http.get("/api/schedules/preview?schedule=step&initialLr=abc"), "initialLr");
        assertProblem(http.get("/api/schedules/preview?schedule=step&initialLr=NaN"), "initialLr");
        assertProblem(http.get("/api/schedules/preview?schedule=step&epochs=1001"), "epochs");
        assertProblem(http.get("/api/schedules/preview?schedule=step&factor=0"), "params.factor");
        assertProblem(http.get("/api/schedules/preview?schedule=step&bogus=1"), "params.bogus");
        assertProblem(http.get("/api/schedules/preview.png?schedule=step&width=5000"), "width");
        assertProblem(http.get("/api/schedules/preview.png?schedule=step&compare=piecewise"), "compare");
        assertProblem(http.get("/api/schedules/preview?schedule=standard&epochs=1000&itersPerEpoch=100000&iterations=true"),
                "iterations");
        HttpResponse<byte[]> missing = http.get("/api/schedules/preview");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void frameworkErrorsAreProblemDocumentsWithAType() {
        HttpResponse<byte[]> missing = http.get("/no-such-page");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(missing.body()).get("type").asString()).isEqualTo("https://lrlab.io/problems/http-404");
        HttpResponse<byte[]> wrongMethod = http.delete("/api/schedules");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(JSON.readTree(wrongMethod.body()).get("type").asString()).isEqualTo("https://lrlab.io/problems/http-405");
    }

    @Test
    void openApiDocumentDescribesTheSchedules() {
        String doc = text(http.get("/v3/api-docs"));
        assertThat(doc).contains("/api/schedules/preview.png").contains("floor((1 + e) / dropEvery)");
        assertThat(http.get("/swagger-ui.html").statusCode()).isIn(200, 302);
    }

    private static void assertProblem(HttpResponse<byte[]> response, String field) {
        assertThat(response.statusCode()).as(text(response)).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("type").asString()).isEqualTo("https://lrlab.io/problems/invalid-input");
        assertThat(body.get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertThat(text(response)).doesNotContain("Exception").doesNotContain("at io.lrlab");
    }

    static long pixelsOf(BufferedImage image, Color color) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int dr = Math.abs(((rgb >> 16) & 0xff) - color.getRed());
                int dg = Math.abs(((rgb >> 8) & 0xff) - color.getGreen());
                int db = Math.abs((rgb & 0xff) - color.getBlue());
                if (dr + dg + db < 30) {
                    count++;
                }
            }
        }
        return count;
    }
}
