package io.lrlab.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Drops the schemas no operation reaches: springdoc registers the return type of every handler, also of hidden ones and
 * of answers described otherwise (SseEmitter, StreamingResponseBody, ProblemDetail), and a framework class has no place
 * in lrlab's contract. {@link ProblemResponses} calls it once it has replaced the error answers' content.
 */
final class UnreferencedSchemas {

    private static final String PREFIX = "#/components/schemas/";

    private UnreferencedSchemas() {
    }

    static void drop(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents() == null ? null : openApi.getComponents().getSchemas();
        if (schemas == null || openApi.getPaths() == null) {
            return;
        }
        Set<String> reached = new HashSet<>();
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.add(Json31.mapper().valueToTree(openApi.getPaths()));
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith(PREFIX)) {
                String name = ref.asText().substring(PREFIX.length());
                if (reached.add(name) && schemas.containsKey(name)) {
                    pending.add(Json31.mapper().valueToTree(schemas.get(name)));
                }
            }
            node.forEach(pending::add);
        }
        schemas.keySet().retainAll(reached);
    }
}
