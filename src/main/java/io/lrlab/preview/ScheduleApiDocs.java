package io.lrlab.preview;

import io.lrlab.schedule.ScheduleType;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/** Adds every schedule's formula, parameters and defaults to the OpenAPI document's front page. */
@Component
class ScheduleApiDocs implements OpenApiCustomizer {

    @Override
    public void customise(io.swagger.v3.oas.models.OpenAPI openApi) {
        String rows = Stream.of(ScheduleType.values())
                .map(t -> "| `" + t.id() + "` | " + t.granularity().name().toLowerCase() + " | `" + t.formula().replace("|", "\\|") + "` | "
                        + t.parameters().stream().map(p -> p.name() + (p.required() ? "" : "=" + p.defaultText()))
                        .collect(Collectors.joining(", ")) + " |")
                .collect(Collectors.joining("\n"));
        String table = """

                e = 0-based epoch, E = epochs, i = 0-based batch iteration of the run, N = iterations per epoch.

                | schedule | changes every | formula | parameters (defaults) |
                |---|---|---|---|
                """ + rows + "\n\nEvery schedule also takes `warmupEpochs`: " + ScheduleType.NONE.warmupFormula() + ".";
        var info = openApi.getInfo();
        String description = info.getDescription() == null ? "" : info.getDescription();
        if (!description.contains("| schedule | changes every |")) {
            info.setDescription(description + table);
        }
    }
}
