package io.lrlab.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's front page: what lrlab does. Features add their own sections (see preview.ScheduleApiDocs). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

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
                        .version("0.1.0")
                        .description(description)
                        .license(new License().name("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-API-Key"))
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
