package io.lrlab.web;

import io.lrlab.error.Violation;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Explains an unreadable JSON body by field, without leaking parser or class names. */
final class JsonErrors {

    private JsonErrors() {
    }

    static List<Violation> violations(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof UnrecognizedPropertyException u) {
            return List.of(new Violation(path(u), "is not a known field"));
        }
        if (cause instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            return List.of(new Violation(path(m), "has the wrong type"));
        }
        return List.of(new Violation("body", cause instanceof JacksonException ? "is not valid JSON" : "is missing or unreadable"));
    }

    static String describe(HttpMessageNotReadableException e) {
        return Violation.describe(violations(e));
    }

    private static String path(JacksonException e) {
        String path = e.getPath().stream()
                .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "body" : path.replace(".[", "[");
    }
}
