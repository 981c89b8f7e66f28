package io.lrlab.experiment;

import io.lrlab.training.EpochMetrics;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Describes one event of {@code GET /api/experiments/{id}/events} in the OpenAPI document: its name and the schema of
 * its data. OpenAPI 3.1 has no place for that (3.2 adds the media type's {@code itemSchema}), so it goes into the
 * {@code x-itemSchema} extension in 3.2's shape, while the stream itself stays a binary string that any generated
 * client can read to its end.
 */
@Component
class ExperimentEventsDocs implements OpenApiCustomizer {

    static final String OPERATION = "streamExperimentEvents";

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().values().stream()
                .flatMap(item -> item.readOperations().stream())
                .filter(operation -> OPERATION.equals(operation.getOperationId()))
                .findFirst()
                .flatMap(ExperimentEventsDocs::stream)
                .ifPresent(media -> media.addExtension("x-itemSchema", Map.of("oneOf", List.of(
                        event("status", ExperimentView.class.getSimpleName(), "the experiment, at once and on every change"),
                        event("epoch", EpochMetrics.class.getSimpleName(), "a finished epoch")))));
    }

    private static Optional<MediaType> stream(Operation operation) {
        return Optional.ofNullable(operation.getResponses().get("200"))
                .map(response -> response.getContent().get(org.springframework.http.MediaType.TEXT_EVENT_STREAM_VALUE));
    }

    private static Schema<?> event(String name, String dataSchema, String description) {
        return new ObjectSchema().description(description)
                .addProperty("event", new StringSchema()._enum(List.of(name)))
                .addProperty("data", new Schema<>().$ref("#/components/schemas/" + dataSchema))
                .required(List.of("event", "data"));
    }
}
