package io.lrlab.preview;

import io.lrlab.chart.ChartOptions;
import io.lrlab.chart.QueryReader;
import io.lrlab.error.InvalidInputException;
import io.lrlab.error.Violation;
import io.lrlab.schedule.Schedules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.util.MultiValueMap;

/**
 * The query string of a preview, parsed by hand: every parameter the schedule does not know by name is a
 * schedule parameter, so the set of accepted names depends on the schedule.
 */
record PreviewQuery(String schedule, Double initialLr, Integer epochs, int itersPerEpoch, boolean iterations,
                    Map<String, String> params, List<String> compare, ChartOptions chart) {

    static final int DEFAULT_ITERS_PER_EPOCH = 391;
    static final int MAX_ITERS_PER_EPOCH = 100_000;
    static final int MAX_COMPARE = 10;
    private static final Set<String> OWN = Set.of("schedule", "initialLr", "epochs", "itersPerEpoch", "iterations",
            "compare", "width", "height", "title", "logY", "format");

    static PreviewQuery parse(MultiValueMap<String, String> query) {
        List<Violation> violations = new ArrayList<>();
        QueryReader q = new QueryReader(query, violations);
        Double lr = q.decimal("initialLr", 0.1);
        Integer epochs = q.whole("epochs", 100, 1, Schedules.MAX_EPOCHS);
        Integer iters = q.whole("itersPerEpoch", DEFAULT_ITERS_PER_EPOCH, 1, MAX_ITERS_PER_EPOCH);
        boolean iterations = q.flag("iterations", false);
        ChartOptions chart = ChartOptions.parse(q);
        List<String> compare = query.containsKey("compare")
                ? Arrays.stream(String.join(",", query.get("compare")).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()
                : List.of();
        if (compare.size() > MAX_COMPARE) {
            violations.add(new Violation("compare", "names at most " + MAX_COMPARE + " schedules"));
        }
        Map<String, String> params = new LinkedHashMap<>();
        query.forEach((key, values) -> {
            if (!OWN.contains(key) && !values.isEmpty()) {
                params.put(key, values.get(0));
            }
        });
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new PreviewQuery(query.getFirst("schedule"), lr, epochs, iters, iterations, params, compare,
                chart);
    }
}
