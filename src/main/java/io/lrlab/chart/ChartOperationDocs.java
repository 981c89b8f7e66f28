package io.lrlab.chart;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * The OpenAPI side of {@link ChartOperation}: the chart query parameters with their bounds and defaults, written once
 * here rather than on every endpoint, and the answer as PNG or SVG bytes (with its ETag and 304 where it revalidates).
 */
@Component
class ChartOperationDocs implements OperationCustomizer {

    @Override
    public Operation customize(Operation operation, HandlerMethod handlerMethod) {
        ChartOperation chart = handlerMethod.getMethodAnnotation(ChartOperation.class);
        if (chart == null) {
            return operation;
        }
        List<Parameter> parameters = new ArrayList<>(operation.getParameters() == null ? List.of() : operation.getParameters());
        parameters.addAll(options());
        if (chart.epochs()) {
            parameters.addAll(epochs());
        }
        operation.setParameters(parameters);
        if (operation.getDescription() == null) {
            operation.setDescription("PNG by default, SVG with format=svg; width, height, title and logY"
                    + (chart.epochs() ? ", smoothing and the epochs from / to" : "") + " change the drawing"
                    + (chart.revalidates() ? ". The answer's ETag covers the query and the experiments' versions: sent back as "
                    + "If-None-Match, it gets a 304 while nothing changed." : "."));
        }

        Content images = new Content();
        Stream.of(ChartFormat.values()).forEach(f -> images.addMediaType(f.mediaType(),
                new MediaType().schema(new StringSchema().format("binary"))));
        ApiResponse ok = new ApiResponse().description("The chart, as PNG or (format=svg) SVG").content(images);
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        if (chart.revalidates()) {
            Header etag = new Header().description("the chart's version; send it back as If-None-Match").schema(new StringSchema());
            ok.addHeaderObject("ETag", etag);
            responses.addApiResponse("304", new ApiResponse().description("Not modified: the If-None-Match ETag is current")
                    .addHeaderObject("ETag", etag));
        }
        responses.addApiResponse("200", ok);
        operation.setResponses(responses);
        return operation;
    }

    private static List<Parameter> options() {
        return List.of(
                query("width", "width in pixels", size(800)),
                query("height", "height in pixels", size(500)),
                query("title", "a title instead of the chart's own", new StringSchema().maxLength(200)),
                query("logY", "a logarithmic y axis", new BooleanSchema()._default(false)),
                query("format", "the image format", new StringSchema()._enum(Stream.of(ChartFormat.values())
                        .map(f -> f.name().toLowerCase(Locale.ROOT)).toList())._default("png")));
    }

    private static List<Parameter> epochs() {
        NumberSchema smoothing = new NumberSchema();
        smoothing.minimum(BigDecimal.ZERO).exclusiveMaximumValue(BigDecimal.ONE)._default(BigDecimal.ZERO).format("double");
        return List.of(
                query("smoothing", "exponential moving average weight, as TensorBoard's: 0 draws the values as they are", smoothing),
                query("from", "first epoch drawn (0-based)", epoch(0)),
                query("to", "last epoch drawn", epoch(1000)));
    }

    private static Schema<?> size(int fallback) {
        return new IntegerSchema().minimum(BigDecimal.valueOf(ChartOptions.MIN_SIZE))
                .maximum(BigDecimal.valueOf(ChartOptions.MAX_SIZE))._default(fallback);
    }

    private static Schema<?> epoch(int fallback) {
        return new IntegerSchema().minimum(BigDecimal.ZERO).maximum(BigDecimal.valueOf(1000))._default(fallback);
    }

    private static Parameter query(String name, String description, Schema<?> schema) {
        return new Parameter().in("query").name(name).description(description).required(false).schema(schema);
    }
}
