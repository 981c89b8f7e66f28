package io.lrlab.web;

import io.lrlab.error.Violation;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidNullException;
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
        if (cause instanceof InputCoercionException c) {
            return List.of(new Violation(pathOf(c), "is out of range"));
        }
        if (cause instanceof InvalidNullException n && !n.getPath().isEmpty()) {
            return List.of(new Violation(path(n), "must not be null"));
        }
        if (cause instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            return List.of(new Violation(path(m), "has the wrong type"));
        }
        return List.of(new Violation("body", cause instanceof JacksonException ? "is not valid JSON" : "is missing or unreadable"));
    }

    static String describe(HttpMessageNotReadableException e) {
        return Violation.describe(violations(e));
    }

    /** A number too large for its field is found by the parser, before any path is recorded: read the parser's position. */
    private static String pathOf(StreamReadException e) {
        if (!e.getPath().isEmpty()) {
            return path(e);
        }
        JsonParser parser = e.processor();
        if (parser == null) {
            return "body";
        }
        List<String> names = new java.util.ArrayList<>();
        for (TokenStreamContext c = parser.streamReadContext(); c != null && !c.inRoot(); c = c.getParent()) {
            names.add(0, c.inArray() ? "[" + c.getCurrentIndex() + "]" : c.currentName());
        }
        String path = String.join(".", names).replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }

    private static String path(JacksonException e) {
        String path = e.getPath().stream()
                .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "body" : path.replace(".[", "[");
    }
}
