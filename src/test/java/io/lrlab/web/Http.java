package io.lrlab.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny real-HTTP client for tests against a server on a random port. */
public record Http(int port) {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public HttpResponse<byte[]> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    public HttpResponse<byte[]> get(String path, String accept) {
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", accept).GET().build());
    }

    public HttpResponse<byte[]> post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<byte[]> delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE().build());
    }

    public HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    public static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A 400 problem whose errors name {@code field} among others, with no stack trace in it. */
    public static void assertInvalid(HttpResponse<byte[]> response, String field) {
        org.assertj.core.api.Assertions.assertThat(response.statusCode()).as(text(response)).isEqualTo(400);
        tools.jackson.databind.JsonNode errors = new tools.jackson.databind.ObjectMapper().readTree(response.body()).get("errors");
        org.assertj.core.api.Assertions.assertThat(errors).as(text(response)).isNotNull();
        org.assertj.core.api.Assertions.assertThat(java.util.stream.StreamSupport.stream(errors.spliterator(), false)
                .map(e -> e.get("field").asString()).toList()).as(text(response)).contains(field);
        org.assertj.core.api.Assertions.assertThat(text(response)).doesNotContain("Exception");
    }
}
