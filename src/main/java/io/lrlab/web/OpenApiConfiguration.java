package io.lrlab.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
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
        return new OpenAPI().info(new Info()
                .title("lrlab")
                .version("0.1.0")
                .description(description)
                .license(new License().name("Apache-2.0")));
    }
}
