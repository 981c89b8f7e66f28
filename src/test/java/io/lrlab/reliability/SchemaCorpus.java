package io.lrlab.reliability;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hostile requests grown from the service's own OpenAPI document instead of a hand-picked list: every field of every
 * JSON request body (nested objects and list elements included) and every query and path parameter of every operation
 * gets each hostile value of its kind (null, a null element, a wrong type, empty, huge, negative, not a number), one at
 * a time, on an otherwise valid request. A field added to a request type is covered without touching this class.
 */
public final class SchemaCorpus {

    /** One request: method, path with query, JSON body or null, and the field or parameter it attacks. */
    public record Probe(String method, String path, String body, String field, String value) {
        @Override
        public String toString() {
            return method + " " + path + (body != null ? " " + abbreviate(body) : "") + " [" + field + " = " + value + "]";
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String HUGE_TEXT = "x".repeat(100_000);

    private final JsonNode document;
    private final Map<String, String> validBodies;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param document    the OpenAPI document the service serves
     * @param validBodies a valid (and cheap) body per request schema name; a schema without one starts from its example
     */
    public SchemaCorpus(JsonNode document, Map<String, String> validBodies) {
        this.document = document;
        this.validBodies = validBodies;
    }

    /** @param existingId an id that exists, for path parameters that are not attacked */
    public List<Probe> probes(long existingId) {
        List<Probe> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String method = operation.getKey().toUpperCase();
                JsonNode op = operation.getValue();
                if (path.getKey().equals("/error") || path.getKey().endsWith("/events")) {
                    continue;
                }
                String body = validBody(op);
                List<JsonNode> parameters = new ArrayList<>();
                op.path("parameters").forEach(parameters::add);
                for (JsonNode parameter : parameters) {
                    for (String value : hostileText(parameter.path("schema"))) {
                        String url = url(path.getKey(), parameters, parameter.get("name").asText(), value, existingId);
                        out.add(new Probe(method, url, body, parameter.get("name").asText(), value));
                    }
                }
                if (body != null) {
                    JsonNode schema = resolve(op.path("requestBody").path("content").path("application/json").path("schema"));
                    String url = url(path.getKey(), parameters, null, null, existingId);
                    for (Mutation m : mutations("", schema)) {
                        out.add(new Probe(method, url, apply(body, m), m.path(), abbreviate(m.value().toString())));
                    }
                }
            }
        }
        return out;
    }

    private record Mutation(String path, JsonNode value) {
    }

    private String validBody(JsonNode op) {
        JsonNode schema = op.path("requestBody").path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) {
            return null;
        }
        String name = schema.path("$ref").asText().replace("#/components/schemas/", "");
        if (validBodies.containsKey(name)) {
            return validBodies.get(name);
        }
        JsonNode example = resolve(schema).path("example");
        return example.isMissingNode() ? "{}" : example.toString();
    }

    /** Every hostile value for every field under {@code prefix}, recursing into objects and list elements. */
    private List<Mutation> mutations(String prefix, JsonNode schema) {
        List<Mutation> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            String path = prefix.isEmpty() ? property.getKey() : prefix + "." + property.getKey();
            JsonNode field = resolve(property.getValue());
            for (JsonNode value : hostileJson(field)) {
                out.add(new Mutation(path, value));
            }
            if (field.has("properties")) {
                out.addAll(mutations(path, field));
            }
        }
        return out;
    }

    private List<JsonNode> hostileJson(JsonNode field) {
        List<JsonNode> values = new ArrayList<>();
        values.add(NODES.nullNode());
        String type = type(field);
        switch (type) {
            case "string" -> values.addAll(List.of(NODES.stringNode(""), NODES.stringNode(HUGE_TEXT), NODES.numberNode(-1),
                    NODES.booleanNode(true), NODES.arrayNode(), NODES.objectNode(), NODES.stringNode("\u0000\n<script>")));
            case "integer" -> values.addAll(List.of(NODES.numberNode(-1), NODES.numberNode(0), NODES.numberNode(Long.MAX_VALUE),
                    NODES.numberNode(Long.MIN_VALUE), NODES.numberNode(new java.math.BigInteger("99999999999999999999999")),
                    NODES.numberNode(1.5), NODES.stringNode("1"), NODES.stringNode(""), NODES.arrayNode(), NODES.booleanNode(false)));
            case "number" -> values.addAll(List.of(NODES.numberNode(-1.0), NODES.numberNode(0.0), NODES.numberNode(-1e308),
                    NODES.numberNode(1e308), NODES.numberNode(4.9e-324), NODES.numberNode(new java.math.BigDecimal("1e400")),
                    NODES.stringNode("NaN"), NODES.stringNode("Infinity"), NODES.stringNode(""), NODES.objectNode()));
            case "boolean" -> values.addAll(List.of(NODES.stringNode("yes"), NODES.numberNode(1), NODES.stringNode("")));
            case "array" -> {
                JsonNode items = resolve(field.path("items"));
                ArrayNode withNull = NODES.arrayNode();
                withNull.addNull();
                ArrayNode huge = NODES.arrayNode();
                for (int i = 0; i < 10_000; i++) {
                    huge.add(sample(items));
                }
                ArrayNode wrongElement = NODES.arrayNode();
                wrongElement.add(type(items).equals("string") ? NODES.objectNode() : NODES.stringNode("x"));
                ArrayNode negative = NODES.arrayNode();
                negative.add(-1);
                values.addAll(List.of(NODES.arrayNode(), withNull, huge, wrongElement, negative, NODES.stringNode("a,b"),
                        NODES.objectNode()));
            }
            case "object" -> {
                ObjectNode nullValue = NODES.objectNode();
                nullValue.putNull("x");
                ObjectNode nested = NODES.objectNode();
                nested.set("x", nullValue);
                values.addAll(List.of(NODES.objectNode(), nullValue, nested, NODES.arrayNode(), NODES.stringNode("x"),
                        NODES.numberNode(-1)));
            }
            default -> values.addAll(List.of(NODES.stringNode(""), NODES.numberNode(-1)));
        }
        return values;
    }

    private static List<String> hostileText(JsonNode schema) {
        return List.of("", "-1", "0", "99999999999999999999999", "1e308", "NaN", "abc", "%00", HUGE_TEXT.substring(0, 5000), ",,,");
    }

    private JsonNode sample(JsonNode items) {
        return switch (type(items)) {
            case "string" -> NODES.stringNode("t");
            case "integer" -> NODES.numberNode(1);
            case "number" -> NODES.numberNode(0.1);
            default -> NODES.objectNode();
        };
    }

    private static String type(JsonNode field) {
        if (field.has("type")) {
            return field.get("type").asText();
        }
        return field.has("properties") || field.has("additionalProperties") ? "object" : "any";
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        if (ref.startsWith("#/components/schemas/")) {
            return document.path("components").path("schemas").path(ref.substring("#/components/schemas/".length()));
        }
        return schema;
    }

    private String apply(String body, Mutation m) {
        ObjectNode root = (ObjectNode) json.readTree(body);
        ObjectNode parent = root;
        Iterator<String> names = List.of(m.path().split("\\.")).iterator();
        String name = names.next();
        while (names.hasNext()) {
            JsonNode child = parent.get(name);
            if (!(child instanceof ObjectNode)) {
                child = NODES.objectNode();
                parent.set(name, child);
            }
            parent = (ObjectNode) child;
            name = names.next();
        }
        parent.set(name, m.value());
        return root.toString();
    }

    private static String url(String template, List<JsonNode> parameters, String attacked, String value, long existingId) {
        StringBuilder path = new StringBuilder(template);
        List<String> query = new ArrayList<>();
        for (JsonNode p : parameters) {
            String name = p.get("name").asText();
            boolean required = p.path("required").asBoolean(false);
            String v = name.equals(attacked) ? value : required ? valid(name, existingId) : null;
            if (v == null) {
                continue;
            }
            String encoded = URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
            if (p.get("in").asText().equals("path")) {
                int at = path.indexOf("{" + name + "}");
                path.replace(at, at + name.length() + 2, encoded.isEmpty() ? "%20" : encoded);
            } else {
                query.add(name + "=" + encoded);
            }
        }
        return path + (query.isEmpty() ? "" : "?" + String.join("&", query));
    }

    private static String valid(String name, long existingId) {
        return switch (name) {
            case "schedule" -> "step";
            case "initialLr" -> "0.1";
            case "epochs" -> "10";
            case "ids" -> Long.toString(existingId);
            default -> Long.toString(existingId);
        };
    }

    private static String abbreviate(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "...(" + text.length() + " chars)" : text;
    }
}
