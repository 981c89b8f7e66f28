package io.lrlab.security;

import static io.lrlab.web.Http.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.LrlabInstance;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * API keys over real HTTP: a process with a read, two write and an admin key (the admin one given as its SHA-256),
 * worker off. Without keys lrlab stays open, which every other HTTP test shows.
 */
@Tag("process")
class ApiKeysHttpTest {

    static final String READ = "read-secret-0123456789";
    static final String WRITE = "write-secret-0123456789";
    static final String OTHER_WRITE = "other-secret-0123456789";
    static final String ADMIN = "admin-secret-0123456789";
    static final String BODY = "{\"schedule\": \"none\", \"initialLr\": 0.1, \"epochs\": 1, \"model\": \"resnet-tiny\", \"trainLimit\": 10}";

    static LrlabInstance lrlab;

    @BeforeAll
    static void start() {
        String id = UUID.randomUUID().toString();
        lrlab = LrlabInstance.start("jdbc:h2:mem:keys-" + id + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
                "target/test-data/keys-" + id, "--lrlab.worker.enabled=false",
                "--lrlab.security.keys[0].name=reader", "--lrlab.security.keys[0].role=read", "--lrlab.security.keys[0].secret=" + READ,
                "--lrlab.security.keys[1].name=writer", "--lrlab.security.keys[1].role=write", "--lrlab.security.keys[1].secret=" + WRITE,
                "--lrlab.security.keys[2].name=other", "--lrlab.security.keys[2].role=write", "--lrlab.security.keys[2].secret=" + OTHER_WRITE,
                "--lrlab.security.keys[3].name=boss", "--lrlab.security.keys[3].role=admin",
                "--lrlab.security.keys[3].sha256=a7cd7d05af04b66c8920d7fa96841f5c084c569f171ef670f48e2524708c367f");
    }

    @AfterAll
    static void stop() {
        lrlab.close();
    }

    private static HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(lrlab.http.uri(path));
        return key == null ? b : b.header("X-API-Key", key);
    }

    private static HttpResponse<byte[]> get(String path, String key) {
        return lrlab.http.send(request(path, key).GET().build());
    }

    private static HttpResponse<byte[]> post(String path, String body, String key) {
        return lrlab.http.send(request(path, key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static void assertProblem(HttpResponse<byte[]> response, int status, String type) {
        assertThat(response.statusCode()).as(text(response)).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(lrlab.json(response.body()).get("type").asString()).isEqualTo("https://lrlab.io/problems/" + type);
    }

    @Test
    void withoutAValidKeyTheApiAnswers401AndSaysHowToSendOne() {
        HttpResponse<byte[]> none = get("/api/experiments", null);
        assertProblem(none, 401, "unauthorized");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"lrlab\"");
        assertThat(text(none)).contains("X-API-Key");
        assertProblem(get("/api/experiments", "not-a-key-at-all-000"), 401, "unauthorized");
        assertProblem(post("/api/experiments", BODY, null), 401, "unauthorized");
    }

    @Test
    void aReadKeyReadsButCannotSubmit() {
        assertThat(get("/api/experiments", READ).statusCode()).isEqualTo(200);
        assertThat(get("/api/schedules", READ).statusCode()).isEqualTo(200);
        assertProblem(post("/api/experiments", BODY, READ), 403, "forbidden");
    }

    @Test
    void aWriteKeySubmitsIsRecordedByNameAndCancelsOnlyItsOwn() {
        HttpResponse<byte[]> submitted = post("/api/experiments", BODY, WRITE);
        assertThat(submitted.statusCode()).as(text(submitted)).isEqualTo(202);
        JsonNode view = lrlab.json(submitted.body());
        assertThat(view.get("submittedBy").asString()).isEqualTo("writer");
        assertThat(text(submitted)).doesNotContain(WRITE);
        long id = view.get("id").asLong();

        assertProblem(post("/api/experiments/" + id + "/cancel", "", OTHER_WRITE), 403, "forbidden");
        HttpResponse<byte[]> bearer = lrlab.http.send(HttpRequest.newBuilder(lrlab.http.uri("/api/experiments/" + id + "/cancel"))
                .header("Authorization", "Bearer " + WRITE).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(bearer.statusCode()).as(text(bearer)).isEqualTo(200);
        assertThat(lrlab.json(bearer.body()).get("status").asString()).isEqualTo("CANCELLED");

        HttpResponse<byte[]> retried = post("/api/experiments/" + id + "/retry", "", OTHER_WRITE);
        assertThat(retried.statusCode()).isEqualTo(202);
        assertThat(lrlab.json(retried.body()).get("submittedBy").asString()).isEqualTo("other");
    }

    @Test
    void onlyAnAdminKeyDeletesAndItMayCancelAnyExperiment() {
        long id = lrlab.json(post("/api/experiments", BODY, WRITE).body()).get("id").asLong();
        assertThat(lrlab.http.send(request("/api/experiments/" + id + "/cancel", ADMIN).POST(HttpRequest.BodyPublishers.noBody()).build())
                .statusCode()).isEqualTo(200);
        assertProblem(lrlab.http.send(request("/api/experiments/" + id, WRITE).DELETE().build()), 403, "forbidden");
        assertThat(lrlab.http.send(request("/api/experiments/" + id, ADMIN).DELETE().build()).statusCode()).isEqualTo(204);
        assertProblem(get("/api/experiments/" + id, ADMIN), 404, "not-found");
    }

    @Test
    void healthDocsAndTheDashboardStayOpenWithSecurityHeadersAndNoCors() {
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/env", READ).statusCode()).as("not exposed").isIn(401, 403, 404);
        HttpResponse<byte[]> docs = get("/v3/api-docs", null);
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(text(docs)).contains("\"securitySchemes\"").contains("X-API-Key");
        HttpResponse<byte[]> page = get("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");

        HttpResponse<byte[]> preflight = lrlab.http.send(HttpRequest.newBuilder(lrlab.http.uri("/api/experiments"))
                .header("Origin", "https://elsewhere.example").header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
}
