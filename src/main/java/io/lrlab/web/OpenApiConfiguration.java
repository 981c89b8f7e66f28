package io.lrlab.web;

import io.lrlab.schedule.ScheduleType;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's front page: what lrlab does and the formula of every schedule. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI lrlabOpenApi() {
        String schedules = Stream.of(ScheduleType.values())
                .map(t -> "| `" + t.id() + "` | " + t.granularity().name().toLowerCase() + " | `" + t.formula().replace("|", "\\|") + "` | "
                        + t.parameters().stream().map(p -> p.name() + (p.required() ? "" : "=" + p.defaultText()))
                        .collect(Collectors.joining(", ")) + " |")
                .collect(Collectors.joining("\n"));
        String description = """
                lrlab trains a network under different learning-rate schedules and shows which one trains it best.

                POST an experiment, let the worker train it, then read its metrics, report and charts.
                Preview any schedule first with `GET /api/schedules/preview.png?schedule=step&compare=linear,poly`.

                e = 0-based epoch, E = epochs, i = 0-based batch iteration of the run, N = iterations per epoch.

                | schedule | changes every | formula | parameters (defaults) |
                |---|---|---|---|
                """ + schedules + "\n\nEvery schedule also takes `warmupEpochs`: " + ScheduleType.NONE.warmupFormula() + ".";
        return new OpenAPI().info(new Info()
                .title("lrlab")
                .version("0.1.0")
                .description(description)
                .license(new License().name("Apache-2.0")));
    }
}
