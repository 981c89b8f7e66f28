package io.lrlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.LrlabHttpTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document is a contract: the one the service serves must be the committed one that clients are generated
 * from (GeneratedClientContractTest drives a client generated from it at build time), and it must read as one.
 */
@LrlabHttpTest
class OpenApiDocumentTest {

    /** The committed document, relative to the repository root where Maven runs the tests. */
    static final Path CONTRACT = Path.of("src/test/resources/openapi/lrlab.json");
    static final String REFRESH = "lrlab.openapi.refresh";

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final Pattern VERB_NOUN = Pattern.compile(
            "(get|list|submit|register|upload|cancel|retry|delete|download|stream|preview)[A-Z][A-Za-z0-9]+");
    private static final Set<String> PROBLEM_CODES = Set.of("400", "401", "403", "404", "409", "413", "415", "429", "503");

    @LocalServerPort
    int port;

    @Test
    void theServedDocumentIsTheCommittedContract() throws IOException {
        JsonNode served = served();
        if (Boolean.getBoolean(REFRESH)) {
            Files.writeString(CONTRACT, JSON.writeValueAsString(served) + "\n");
        }
        JsonNode committed = JSON.readTree(Files.readString(CONTRACT));
        List<String> differences = new ArrayList<>();
        diff("", committed, served, differences);
        assertThat(differences)
                .as("""
                        The API no longer matches its committed OpenAPI document %s (first differences below, as \
                        committed -> served). If the change is meant, refresh the contract with
                            mvn -B -ntp test -Dtest=OpenApiDocumentTest -D%s=true
                        review `git diff %s` as a client author would, and commit it; the client of \
                        GeneratedClientContractTest is generated from it on the next build.""", CONTRACT, REFRESH, CONTRACT)
                .isEmpty();
    }

    @Test
    void everyOperationHasAVerbNounIdOneTagASummaryAndRealMediaTypes() {
        Set<String> ids = new HashSet<>();
        served().get("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            String where = method.getKey().toUpperCase() + " " + path.getKey();
            JsonNode operation = method.getValue();
            String id = operation.path("operationId").asString("");
            assertThat(id).as("operationId of " + where).matches(VERB_NOUN);
            assertThat(ids.add(id)).as("operationId %s is unique", id).isTrue();
            assertThat(operation.path("tags")).as("tags of " + where).hasSize(1);
            assertThat(operation.path("summary").asString("")).as("summary of " + where).isNotBlank();
            operation.path("responses").properties().forEach(response -> {
                String code = response.getKey();
                JsonNode content = response.getValue().path("content");
                assertThat(content.has("*/*")).as("%s %s names a real media type", where, code).isFalse();
                if (PROBLEM_CODES.contains(code)) {
                    assertThat(content.path("application/problem+json").path("schema").path("$ref").asString(""))
                            .as("%s %s is a problem", where, code).isEqualTo("#/components/schemas/Problem");
                } else if (code.startsWith("2") && !code.equals("204")) {
                    assertThat(content.size()).as("%s %s says what it answers", where, code).isPositive();
                }
            });
        }));
        assertThat(ids).contains("submitExperiment", "getExperiment", "listExperiments", "cancelExperiment", "getMetrics",
                "getMetricsCsv", "getReport", "getReportText", "downloadModel", "streamExperimentEvents");
    }

    @Test
    void onlyTheApiAndLrlabsOwnSchemasAreInTheDocument() {
        JsonNode document = served();
        document.get("paths").propertyNames().forEach(path -> assertThat(path).startsWith("/api/"));
        assertThat(document.get("components").get("schemas").propertyNames())
                .contains("Problem", "Violation", "ExperimentView", "EpochMetrics")
                .doesNotContain("SseEmitter", "StreamingResponseBody", "ProblemDetail", "ResponseEntity");
        assertThat(document.toString()).doesNotContain("org.springframework").doesNotContain("\"error_");
        JsonNode events = document.at("/paths/~1api~1experiments~1{id}~1events/get/responses/200/content/text~1event-stream");
        assertThat(events.at("/x-itemSchema/oneOf/0/properties/data/$ref").asString()).endsWith("/ExperimentView");
        assertThat(events.at("/x-itemSchema/oneOf/1/properties/data/$ref").asString()).endsWith("/EpochMetrics");
        assertThat(document.at("/info/license/identifier").asString()).isEqualTo("Apache-2.0");
    }

    private JsonNode served() {
        return JSON.readTree(new Http(port).get("/v3/api-docs").body());
    }

    /** Where two documents differ, as JSON pointers with both values; objects compare by key, arrays by position. */
    private static void diff(String at, JsonNode committed, JsonNode served, List<String> out) {
        if (out.size() >= 20 || committed.equals(served)) {
            return;
        }
        if (committed.isObject() && served.isObject()) {
            Set<String> names = new java.util.TreeSet<>(committed.propertyNames());
            names.addAll(served.propertyNames());
            for (String name : names) {
                diff(at + "/" + name.replace("~", "~0").replace("/", "~1"), committed.path(name), served.path(name), out);
            }
        } else if (committed.isArray() && served.isArray() && committed.size() == served.size()) {
            for (int i = 0; i < committed.size(); i++) {
                diff(at + "/" + i, committed.get(i), served.get(i), out);
            }
        } else {
            out.add(at + ": " + abbreviate(committed) + " -> " + abbreviate(served));
        }
    }

    private static String abbreviate(JsonNode node) {
        String text = node.isMissingNode() ? "(absent)" : node.toString();
        return text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }
}
