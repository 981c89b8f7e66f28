package io.lrlab.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's front page: what lrlab does. Features add their own sections (see preview.ScheduleApiDocs);
 * {@link ProblemResponses} adds the problem answers. The document is a contract: src/test/resources/openapi/lrlab.json
 * holds the committed copy that clients are generated from, and a test fails when the served one differs.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    /** The API's version, not the build's: it changes with the contract, not with every release. */
    static final String API_VERSION = "0.3.0";

    @Bean
    OpenAPI lrlabOpenApi() {
        String description = """
                lrlab trains a network under different learning-rate schedules and shows which one trains it best.

                POST an experiment, let the worker train it, then read its metrics, report and charts.
                Preview any schedule first with `GET /api/schedules/preview.png?schedule=step&compare=linear,poly`.
                """;
        // Swagger UI's "Authorize" takes either form of API key (see README, "API keys"); without keys configured, none is needed
        return new OpenAPI().info(new Info()
                        .title("lrlab")
                        .version(API_VERSION)
                        .description(description)
                        .license(new License().name("Apache-2.0").identifier("Apache-2.0")))
                // why relative: the same document wherever lrlab runs (springdoc would write the URL of the request that fetched
                // it, a random port in tests); Swagger UI and clients resolve it against the document's own address
                .servers(List.of(new Server().url("/").description("the lrlab that serves this document")))
                .components(new Components()
                        .addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-API-Key"))
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
