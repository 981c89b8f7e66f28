package io.lrlab.schedule;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A schedule's parameters after parsing, validation and defaults: every declared parameter has a value. */
public final class ScheduleParams {

    private final Map<String, Object> values;

    ScheduleParams(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Map<String, Object> asMap() {
        return values;
    }

    double number(String name) {
        return ((Number) values.get(name)).doubleValue();
    }

    int integer(String name) {
        return ((Number) values.get(name)).intValue();
    }

    boolean flag(String name) {
        return (Boolean) values.get(name);
    }

    String choice(String name) {
        return (String) values.get(name);
    }

    @SuppressWarnings("unchecked")
    List<Double> numbers(String name) {
        return (List<Double>) values.get(name);
    }
}
