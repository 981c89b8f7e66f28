package io.lrlab.web;

import java.net.URI;
import org.springframework.http.HttpStatus;

/** The stable problem types this API answers with (RFC 9457 {@code type}). */
public enum ProblemType {
    INVALID_INPUT("invalid-input", HttpStatus.BAD_REQUEST, "Invalid input"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
    UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Unauthorized"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Forbidden"),
    CONFLICT("conflict", HttpStatus.CONFLICT, "Conflict"),
    TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "Payload too large"),
    QUEUE_FULL("queue-full", HttpStatus.TOO_MANY_REQUESTS, "Queue full"),
    OVER_BUDGET("over-budget", HttpStatus.BAD_REQUEST, "Experiment over the cost budget"),
    UNAVAILABLE("unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),
    INTERNAL("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    private final URI type;
    private final HttpStatus status;
    private final String title;

    private static final String BASE = "https://lrlab.io/problems/";

    ProblemType(String slug, HttpStatus status, String title) {
        this.type = URI.create(BASE + slug);
        this.status = status;
        this.title = title;
    }

    public URI type() {
        return type;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The type of an answer that has no lrlab type of its own, only an HTTP status (a 405, a URL Tomcat rejects). */
    public static URI forStatus(int status) {
        return URI.create(BASE + "http-" + status);
    }
}
