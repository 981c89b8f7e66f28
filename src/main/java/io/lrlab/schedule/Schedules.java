package io.lrlab.schedule;

import io.lrlab.error.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Builds validated schedules from a type name, an initial rate, a number of epochs and raw parameters.
 * The single entry point other features use; no Spring or DL4J inside.
 */
public final class Schedules {

    public static final double MAX_INITIAL_LR = 10.0;
    public static final int MAX_EPOCHS = 1000;

    private Schedules() {
    }

    /** A built schedule together with the parameters it was resolved with. */
    public record Built(ScheduleType type, double initialLr, int epochs, ScheduleParams params, LearningRateSchedule schedule) {

        /**
         * A schedule of its own for one training run. why: a metric-driven schedule (reduce on plateau) keeps state, so
         * two runs of one spec must not share the instance.
         */
        public LearningRateSchedule newSchedule() {
            return type.metricDriven() ? build(type.id(), initialLr, epochs, params.asMap(), "schedule").schedule() : schedule;
        }
    }

    /**
     * Validates everything and builds the schedule.
     *
     * @param field the prefix errors on {@code params} carry, e.g. {@code scheduleParams}
     * @throws InvalidScheduleException naming every broken rule at once
     */
    public static Built build(String typeName, Double initialLr, Integer epochs, Map<String, ?> rawParams, String field) {
        List<Violation> violations = new ArrayList<>();
        Optional<ScheduleType> type = ScheduleType.fromId(typeName);
        if (typeName == null || typeName.isBlank()) {
            violations.add(new Violation("schedule", "is required; one of " + ScheduleType.ids()));
        } else if (type.isEmpty()) {
            violations.add(new Violation("schedule", "unknown schedule '" + typeName + "'; one of " + ScheduleType.ids()));
        }
        if (initialLr == null) {
            violations.add(new Violation("initialLr", "is required"));
        } else if (!Double.isFinite(initialLr) || initialLr <= 0 || initialLr > MAX_INITIAL_LR) {
            violations.add(new Violation("initialLr", "must be a finite number in (0, " + (int) MAX_INITIAL_LR + "] but was " + initialLr));
        }
        if (epochs == null) {
            violations.add(new Violation("epochs", "is required"));
        } else if (epochs < 1 || epochs > MAX_EPOCHS) {
            violations.add(new Violation("epochs", "must be in [1, " + MAX_EPOCHS + "] but was " + epochs));
        }
        if (!violations.isEmpty() && type.isEmpty()) {
            throw new InvalidScheduleException(violations);
        }
        ScheduleType scheduleType = type.orElseThrow();
        Map<String, Object> resolved = resolve(scheduleType, rawParams == null ? Map.of() : rawParams,
                initialLr, epochs, field, violations);
        if (violations.isEmpty()) {
            scheduleType.checkTogether(resolved, initialLr, epochs, field, violations);
        }
        if (!violations.isEmpty()) {
            throw new InvalidScheduleException(violations);
        }
        ScheduleParams params = new ScheduleParams(resolved);
        LearningRateSchedule schedule = scheduleType.create(initialLr, epochs, params);
        int warmup = params.integer(ScheduleType.WARMUP_EPOCHS);
        if (warmup > 0) {
            schedule = new WarmupSchedule(initialLr, warmup, scheduleType.create(initialLr, epochs - warmup, params));
        }
        return new Built(scheduleType, initialLr, epochs, params, schedule);
    }

    private static Map<String, Object> resolve(ScheduleType type, Map<String, ?> raw, Double initialLr, Integer epochs,
                                               String field, List<Violation> violations) {
        Map<String, ParameterSpec> specs = type.parameters().stream()
                .collect(Collectors.toMap(ParameterSpec::name, p -> p, (a, b) -> a, LinkedHashMap::new));
        for (String name : raw.keySet()) {
            if (!specs.containsKey(name)) {
                violations.add(new Violation(field + "." + name, "is not a parameter of schedule '" + type.id()
                        + "'; allowed: " + String.join(", ", specs.keySet())));
            }
        }
        Map<String, Object> resolved = new LinkedHashMap<>();
        for (ParameterSpec spec : specs.values()) {
            Object value = raw.get(spec.name());
            if (value == null && spec.required()) {
                violations.add(new Violation(field + "." + spec.name(), "is required for schedule '" + type.id() + "'"));
            } else if (value == null) {
                if (initialLr != null && epochs != null) {
                    resolved.put(spec.name(), spec.defaultValue().apply(initialLr, epochs));
                }
            } else {
                Object parsed = spec.parse(value, field + "." + spec.name(), violations);
                if (parsed != null) {
                    resolved.put(spec.name(), parsed);
                }
            }
        }
        return resolved;
    }
}
