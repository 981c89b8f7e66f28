package io.lrlab.web;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Declares every operation's problem answers in the OpenAPI document, once, by what the operation can meet: 400 where
 * it takes parameters or a body, 401 everywhere (when API keys are on), 403 for POST and DELETE (a key without the
 * role), 404 with a path parameter, 413 and 415 with a body. Answers only some operations give (409, 429, 503, a 404
 * without a path parameter) are declared by their controllers with {@code @ApiResponse}; every 4xx and 5xx answer gets
 * the {@code Problem} schema as {@code application/problem+json} here, whatever content springdoc guessed for it; the
 * schemas that guess left unreferenced are dropped after.
 */
@Component
class ProblemResponses implements OpenApiCustomizer {

    static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "400", "Invalid input: `errors` names each field or parameter and what is wrong with it",
            "401", "No API key, or an unknown one (only when API keys are configured)",
            "403", "The API key's role does not allow this request",
            "404", "No such resource",
            "409", "The resource is in a state that does not allow this request",
            "413", "The request body is larger than lrlab.web.max-body-bytes",
            "415", "The request body is not application/json",
            "429", "The queue is full (lrlab.queue.max-queued); try again later",
            "503", "The database is unavailable; nothing was changed. Try again after Retry-After seconds");

    @Override
    public void customise(OpenAPI openApi) {
        ModelConverters.getInstance(true).readAll(new AnnotatedType(Problem.class))
                .forEach((name, schema) -> openApi.getComponents().addSchemas(name, schema));
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().values().forEach(item -> item.readOperationsMap().forEach((method, operation) -> declare(method, operation)));
        UnreferencedSchemas.drop(openApi);
    }

    private static void declare(PathItem.HttpMethod method, Operation operation) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        List<io.swagger.v3.oas.models.parameters.Parameter> parameters =
                operation.getParameters() == null ? List.of() : operation.getParameters();
        boolean body = operation.getRequestBody() != null;
        if (body || !parameters.isEmpty()) {
            responses.putIfAbsent("400", new ApiResponse());
        }
        responses.putIfAbsent("401", new ApiResponse());
        if (method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.DELETE) {
            responses.putIfAbsent("403", new ApiResponse());
        }
        if (parameters.stream().anyMatch(p -> "path".equals(p.getIn()))) {
            responses.putIfAbsent("404", new ApiResponse());
        }
        if (body) {
            responses.putIfAbsent("413", new ApiResponse());
            responses.putIfAbsent("415", new ApiResponse());
        }
        ApiResponses sorted = new ApiResponses();
        new TreeMap<>(responses).forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                problem(code, response);
            }
            sorted.addApiResponse(code, response);
        });
        operation.setResponses(sorted);
    }

    private static void problem(String code, ApiResponse response) {
        String description = response.getDescription();
        HttpStatus status = HttpStatus.resolve(Integer.parseInt(code));
        // springdoc writes the reason phrase where the controller gave no description
        if (description == null || description.isBlank() || status != null && description.equals(status.getReasonPhrase())) {
            response.setDescription(DESCRIPTIONS.getOrDefault(code, status == null ? "A problem" : status.getReasonPhrase()));
        }
        // why replace: springdoc gives a declared error the method's own answer (an image, a stream) as content
        response.setContent(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(new Schema<>().$ref(PROBLEM_REF))));
        if (code.equals("503")) {
            response.addHeaderObject("Retry-After", new Header().description("seconds to wait before trying again")
                    .schema(new IntegerSchema()));
        }
    }
}
