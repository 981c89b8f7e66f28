package io.lrlab.preview;

import io.lrlab.schedule.Granularity;
import io.lrlab.schedule.ParameterKind;
import io.lrlab.schedule.ParameterSpec;
import io.lrlab.schedule.ScheduleType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One schedule type as the catalogue shows it: what it does, its formula and every parameter. */
record ScheduleDescription(String id, Granularity granularity, String description, String formula, String warmupFormula,
                           List<Parameter> parameters, Map<String, Object> example) {

    record Parameter(String name, ParameterKind type, String unit, String description, String range, boolean required,
                     String defaultValue) {

        static Parameter of(ParameterSpec spec) {
            return new Parameter(spec.name(), spec.kind(), spec.unit(), spec.description(), spec.range(), spec.required(),
                    spec.defaultText());
        }
    }

    static ScheduleDescription of(ScheduleType type) {
        return new ScheduleDescription(type.id(), type.granularity(), type.description(), type.formula(), type.warmupFormula(),
                type.parameters().stream().map(Parameter::of).toList(), example(type));
    }

    /** A request body that works as it is: the reference's rate and length, the parameters at their defaults. */
    static Map<String, Object> example(ScheduleType type) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (ParameterSpec spec : type.parameters()) {
            if (spec.required()) {
                params.put(spec.name(), spec.kind() == ParameterKind.INTEGER_LIST ? List.of(30, 60, 90) : List.of(0.1, 0.01, 0.001, 0.0001));
            } else if (!ScheduleType.WARMUP_EPOCHS.equals(spec.name())) {
                params.put(spec.name(), spec.defaultValue().apply(0.1, 100));
            }
        }
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("schedule", type.id());
        example.put("initialLr", 0.1);
        example.put("epochs", 100);
        if (!params.isEmpty()) {
            example.put("scheduleParams", params);
        }
        return example;
    }
}
