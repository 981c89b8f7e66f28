package io.lrlab.schedule;

import io.lrlab.error.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * One parameter of a schedule type: its shape, unit, bounds and default.
 *
 * @param defaultValue the default as a function of (initialLr, epochs); {@code null} when the parameter is required
 * @param defaultText  how the default reads in the catalogue, e.g. {@code "initialLr / epochs"}
 */
public record ParameterSpec(
        String name,
        ParameterKind kind,
        String unit,
        String description,
        double min,
        boolean minInclusive,
        double max,
        boolean maxInclusive,
        List<String> choices,
        String defaultText,
        BiFunction<Double, Integer, Object> defaultValue) {

    static ParameterSpec number(String name, String unit, String description, double min, boolean minInclusive,
                                double max, boolean maxInclusive, String defaultText, BiFunction<Double, Integer, Object> defaultValue) {
        return new ParameterSpec(name, ParameterKind.NUMBER, unit, description, min, minInclusive, max, maxInclusive,
                List.of(), defaultText, defaultValue);
    }

    static ParameterSpec integer(String name, String unit, String description, int min, int max, int defaultValue) {
        return new ParameterSpec(name, ParameterKind.INTEGER, unit, description, min, true, max, true,
                List.of(), Integer.toString(defaultValue), (lr, epochs) -> defaultValue);
    }

    static ParameterSpec flag(String name, String description, boolean defaultValue) {
        return new ParameterSpec(name, ParameterKind.BOOLEAN, "", description, 0, true, 1, true,
                List.of(), Boolean.toString(defaultValue), (lr, epochs) -> defaultValue);
    }

    static ParameterSpec choice(String name, String description, List<String> choices, String defaultValue) {
        return new ParameterSpec(name, ParameterKind.CHOICE, "", description, 0, true, 0, true,
                List.copyOf(choices), defaultValue, (lr, epochs) -> defaultValue);
    }

    static ParameterSpec list(String name, ParameterKind kind, String unit, String description, double min, boolean minInclusive,
                              double max, String defaultText, BiFunction<Double, Integer, Object> defaultValue) {
        return new ParameterSpec(name, kind, unit, description, min, minInclusive, max, true, List.of(), defaultText, defaultValue);
    }

    public boolean required() {
        return defaultValue == null;
    }

    /** The range as a person reads it, e.g. {@code (0, 1]}. */
    public String range() {
        return switch (kind) {
            case BOOLEAN -> "true | false";
            case CHOICE -> String.join(" | ", choices);
            default -> (minInclusive ? "[" : "(") + format(min) + ", " + format(max) + (maxInclusive ? "]" : ")");
        };
    }

    /**
     * Converts a raw JSON or query-string value into this parameter's Java type.
     *
     * @param field the name errors should carry, e.g. {@code scheduleParams.factor}
     */
    Object parse(Object raw, String field, List<Violation> violations) {
        try {
            return switch (kind) {
                case NUMBER -> checked(toDouble(raw), field, violations);
                case INTEGER -> {
                    double value = toDouble(raw);
                    if (value != Math.rint(value)) {
                        throw new IllegalArgumentException("must be a whole number");
                    }
                    yield (int) checked(value, field, violations);
                }
                case BOOLEAN -> toBoolean(raw);
                case CHOICE -> {
                    String value = raw.toString().trim().toLowerCase(Locale.ROOT);
                    if (!choices.contains(value)) {
                        throw new IllegalArgumentException("must be one of " + String.join(", ", choices));
                    }
                    yield value;
                }
                case NUMBER_LIST, INTEGER_LIST -> parseList(raw, field, violations);
            };
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(field, e.getMessage()));
            return null;
        }
    }

    private List<Double> parseList(Object raw, String field, List<Violation> violations) {
        List<?> items = raw instanceof List<?> l ? l : List.of(raw.toString().split(","));
        if (items.isEmpty() || items.size() > 1000) {
            throw new IllegalArgumentException("must hold 1 to 1000 values");
        }
        List<Double> values = new ArrayList<>();
        for (Object item : items) {
            double value = toDouble(item);
            if (kind == ParameterKind.INTEGER_LIST && value != Math.rint(value)) {
                throw new IllegalArgumentException("must hold whole numbers");
            }
            values.add(checked(value, field, violations));
        }
        return List.copyOf(values);
    }

    private double checked(double value, String field, List<Violation> violations) {
        boolean aboveMin = minInclusive ? value >= min : value > min;
        boolean belowMax = maxInclusive ? value <= max : value < max;
        if (!aboveMin || !belowMax) {
            throw new IllegalArgumentException("must be in " + range() + " but was " + format(value));
        }
        return value;
    }

    private static double toDouble(Object raw) {
        if (raw instanceof Boolean || raw instanceof List<?> || raw instanceof java.util.Map<?, ?>) {
            throw new IllegalArgumentException("must be a number");
        }
        double value;
        try {
            value = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(raw.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a number but was '" + raw + "'");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("must be a finite number");
        }
        return value;
    }

    private static boolean toBoolean(Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        return switch (raw.toString().trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        };
    }

    static String format(double value) {
        if (value == Double.MAX_VALUE) {
            return "inf";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
