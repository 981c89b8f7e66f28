package io.lrlab.study;

import io.lrlab.error.InvalidInputException;
import io.lrlab.error.Violation;
import io.lrlab.schedule.InvalidScheduleException;
import io.lrlab.schedule.ParameterKind;
import io.lrlab.schedule.ParameterSpec;
import io.lrlab.schedule.ScheduleType;
import io.lrlab.schedule.Schedules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A search space compiled and checked: its dimensions in the order samplers draw them (the schedule first, so that a
 * schedule's own parameters can follow it), and the way back from a trial's parameters to an experiment's fields.
 */
final class Space {

    static final String SCHEDULE = "schedule";
    static final String INITIAL_LR = "initialLr";
    static final String WARMUP = ScheduleType.WARMUP_EPOCHS;

    private final List<Param> params;

    private Space(List<Param> params) {
        this.params = List.copyOf(params);
    }

    List<Param> params() {
        return params;
    }

    /**
     * Checks the space for trials of {@code epochs} epochs and compiles it.
     *
     * @throws InvalidInputException naming every broken rule, fields under {@code space}
     */
    static Space compile(SearchSpace space, int epochs) {
        List<Violation> violations = new ArrayList<>();
        List<Param> params = new ArrayList<>();
        List<String> schedules = space.schedule() == null ? List.of() : space.schedule();
        Set<String> seen = new HashSet<>();
        List<Object> canonical = new ArrayList<>();
        for (int i = 0; i < schedules.size(); i++) {
            String id = schedules.get(i);
            Optional<ScheduleType> type = ScheduleType.fromId(id);
            if (type.isEmpty()) {
                violations.add(new Violation("space.schedule[" + i + "]", "unknown schedule '" + id + "'; one of " + ScheduleType.ids()));
            } else if (!seen.add(type.get().id())) {
                violations.add(new Violation("space.schedule[" + i + "]", "'" + id + "' is listed twice"));
            } else {
                canonical.add(type.get().id());
            }
        }
        if (schedules.isEmpty()) {
            violations.add(new Violation("space.schedule", "is required: one or more schedule types"));
        }
        params.add(Param.categorical(SCHEDULE, null, canonical));
        if (space.initialLr() == null) {
            violations.add(new Violation("space.initialLr", "is required: values, or low and high"));
        } else {
            dimension(INITIAL_LR, null, "space.initialLr", space.initialLr(), true, false, violations).ifPresent(p -> {
                params.add(p);
                checkNumbers(p, "space.initialLr", space.initialLr(), violations, v -> v > 0 && v <= Schedules.MAX_INITIAL_LR,
                        "must be in (0, " + (int) Schedules.MAX_INITIAL_LR + "]");
            });
        }
        if (space.warmupEpochs() != null) {
            dimension(WARMUP, null, "space.warmupEpochs", space.warmupEpochs(), false, true, violations).ifPresent(p -> {
                params.add(p);
                checkNumbers(p, "space.warmupEpochs", space.warmupEpochs(), violations, v -> v >= 0 && v < epochs && v == Math.rint(v),
                        "must be a whole number of epochs in [0, " + (epochs - 1) + "], below the trials' epochs");
            });
        }
        double probeLr = probeLr(space);
        Map<String, Map<String, Dimension>> scheduleParams = space.scheduleParams() == null ? Map.of() : space.scheduleParams();
        scheduleParams.forEach((schedule, dims) -> {
            String field = "space.scheduleParams." + schedule;
            Optional<ScheduleType> type = ScheduleType.fromId(schedule);
            if (type.isEmpty() || !seen.contains(type.get().id())) {
                violations.add(new Violation(field, "'" + schedule + "' is not one of the study's schedules " + schedules));
                return;
            }
            Map<String, ParameterSpec> specs = new LinkedHashMap<>();
            type.get().parameters().forEach(p -> specs.put(p.name(), p));
            (dims == null ? Map.<String, Dimension>of() : dims).forEach((name, dim) -> {
                ParameterSpec spec = specs.get(name);
                String paramField = field + "." + name;
                if (spec == null) {
                    violations.add(new Violation(paramField, "is not a parameter of schedule '" + schedule + "'; allowed: "
                            + String.join(", ", specs.keySet())));
                    return;
                }
                if (dim == null) {
                    violations.add(new Violation(paramField, "needs values, or low and high"));
                    return;
                }
                boolean numeric = spec.kind() == ParameterKind.NUMBER || spec.kind() == ParameterKind.INTEGER;
                if (dim.isRange() && !numeric) {
                    violations.add(new Violation(paramField, "is a " + spec.kind().name().toLowerCase() + " parameter: give values, not a range"));
                    return;
                }
                dimension(type.get().id() + "." + name, type.get().id(), paramField, dim, false, spec.kind() == ParameterKind.INTEGER,
                        violations).ifPresent(p -> {
                            params.add(p);
                            checkScheduleValues(type.get(), name, p, paramField, dim, probeLr, epochs, violations);
                        });
            });
        });
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new Space(params);
    }

    private static Optional<Param> dimension(String name, String schedule, String field, Dimension d, boolean defaultLog,
                                             boolean integer, List<Violation> violations) {
        if (d.values() != null && !d.values().isEmpty() && (d.low() != null || d.high() != null)) {
            violations.add(new Violation(field, "give either values or low and high, not both"));
            return Optional.empty();
        }
        if (!d.isRange()) {
            if (d.values().isEmpty() || d.values().stream().anyMatch(v -> v == null)) {
                violations.add(new Violation(field + ".values", "must hold one or more values, none of them null"));
                return Optional.empty();
            }
            if (d.log() != null) {
                violations.add(new Violation(field + ".log", "applies to a range, not to values"));
            }
            return Optional.of(Param.categorical(name, schedule, d.values()));
        }
        if (d.low() == null || d.high() == null) {
            violations.add(new Violation(field, "needs values, or low and high"));
            return Optional.empty();
        }
        double low = d.low();
        double high = d.high();
        boolean log = d.log() == null ? defaultLog : d.log();
        if (!Double.isFinite(low) || !Double.isFinite(high) || low >= high) {
            violations.add(new Violation(field, "is an empty or inverted range: low " + low + " must be below high " + high));
            return Optional.empty();
        }
        if (integer && (low != Math.rint(low) || high != Math.rint(high))) {
            violations.add(new Violation(field, "takes whole numbers: low and high must be integers"));
            return Optional.empty();
        }
        if (log && integer) {
            violations.add(new Violation(field + ".log", "applies to ranges of real numbers, not of whole numbers"));
            return Optional.empty();
        }
        if (log && low <= 0) {
            violations.add(new Violation(field + ".low", "must be above 0 for a log range but was " + low));
            return Optional.empty();
        }
        return Optional.of(Param.range(name, schedule, low, high, log, integer));
    }

    /** Every value (or both ends of the range) of a numeric dimension must satisfy {@code rule}. */
    private static void checkNumbers(Param p, String field, Dimension d, List<Violation> violations,
                                     java.util.function.DoublePredicate rule, String message) {
        if (p.categorical()) {
            for (int i = 0; i < p.choices().size(); i++) {
                Object v = p.choices().get(i);
                if (!(v instanceof Number n) || !rule.test(n.doubleValue())) {
                    violations.add(new Violation(field + ".values[" + i + "]", message + " but was " + v));
                }
            }
            return;
        }
        if (!rule.test(p.low())) {
            violations.add(new Violation(field + ".low", message + " but was " + d.low()));
        }
        if (!rule.test(p.high())) {
            violations.add(new Violation(field + ".high", message + " but was " + d.high()));
        }
    }

    /** A schedule parameter's values (or the ends of its range) are each checked by the schedule's own rules. */
    private static void checkScheduleValues(ScheduleType type, String name, Param p, String field, Dimension d, double probeLr,
                                            int epochs, List<Violation> violations) {
        List<Map.Entry<String, Object>> probes = new ArrayList<>();
        if (p.categorical()) {
            for (int i = 0; i < p.choices().size(); i++) {
                probes.add(Map.entry(field + ".values[" + i + "]", p.choices().get(i)));
            }
        } else {
            probes.add(Map.entry(field + ".low", p.integer() ? (Object) (int) p.low() : p.low()));
            probes.add(Map.entry(field + ".high", p.integer() ? (Object) (int) p.high() : p.high()));
        }
        String prefix = "scheduleParams";
        for (Map.Entry<String, Object> probe : probes) {
            try {
                Schedules.build(type.id(), probeLr, epochs, Map.of(name, probe.getValue()), prefix);
            } catch (InvalidScheduleException e) {
                e.violations().stream().filter(v -> v.field().equals(prefix + "." + name))
                        .forEach(v -> violations.add(new Violation(probe.getKey(), v.message())));
            }
        }
    }

    /** The highest initial rate the space can sample: schedule parameters bounded by the rate (minLr) are checked against it. */
    private static double probeLr(SearchSpace space) {
        Dimension lr = space.initialLr();
        if (lr == null) {
            return 0.1;
        }
        if (!lr.isRange()) {
            return lr.values().stream().filter(v -> v instanceof Number n && n.doubleValue() > 0
                    && n.doubleValue() <= Schedules.MAX_INITIAL_LR).mapToDouble(v -> ((Number) v).doubleValue()).max().orElse(0.1);
        }
        return lr.high() != null && lr.high() > 0 && lr.high() <= Schedules.MAX_INITIAL_LR ? lr.high() : 0.1;
    }

    /** Whether every dimension is a list of values, as a grid needs; the first range's field otherwise. */
    Optional<String> firstRange() {
        return params.stream().filter(p -> !p.categorical()).map(p -> p.schedule() == null ? "space." + p.name()
                : "space.scheduleParams." + p.name()).findFirst();
    }

    /** The size of the grid of the space's values, saturating at Long.MAX_VALUE; ranges are left out. */
    long gridSize() {
        long total = 0;
        for (Object schedule : params.get(0).choices()) {
            long size = points(gridParams((String) schedule));
            total = total > Long.MAX_VALUE - size ? Long.MAX_VALUE : total + size;
        }
        return total;
    }

    /**
     * The grid's n-th point: schedule by schedule in the order the space lists them, the last dimension varying fastest.
     * Computed, not listed, so a huge grid costs nothing until its points are asked for.
     */
    Optional<Map<String, Object>> gridPoint(long n) {
        long rest = n;
        for (Object schedule : params.get(0).choices()) {
            List<Param> dims = gridParams((String) schedule);
            long size = points(dims);
            if (rest >= size) {
                rest -= size;
                continue;
            }
            Object[] values = new Object[dims.size()];
            for (int i = dims.size() - 1; i >= 0; i--) {
                int k = dims.get(i).choices().size();
                values[i] = dims.get(i).choices().get((int) (rest % k));
                rest /= k;
            }
            Map<String, Object> point = new LinkedHashMap<>();
            point.put(SCHEDULE, schedule);
            for (int i = 0; i < dims.size(); i++) {
                point.put(dims.get(i).name(), values[i]);
            }
            return Optional.of(point);
        }
        return Optional.empty();
    }

    /** The combinations of these dimensions' values, saturating at Long.MAX_VALUE. */
    private static long points(List<Param> dims) {
        long size = 1;
        for (Param p : dims) {
            size = Math.multiplyHigh(size, p.choices().size()) != 0 || size * p.choices().size() < 0 ? Long.MAX_VALUE
                    : size * p.choices().size();
        }
        return size;
    }

    private List<Param> gridParams(String schedule) {
        return params.subList(1, params.size()).stream().filter(p -> p.categorical() && p.activeFor(schedule)).toList();
    }

    /** The trial's schedule type. */
    static String schedule(Map<String, Object> trial) {
        return (String) trial.get(SCHEDULE);
    }

    static double initialLr(Map<String, Object> trial) {
        return ((Number) trial.get(INITIAL_LR)).doubleValue();
    }

    /** The experiment's scheduleParams: the trial's parameters of its schedule, and its warm-up. */
    static Map<String, Object> scheduleParams(Map<String, Object> trial) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (trial.containsKey(WARMUP)) {
            out.put(WARMUP, trial.get(WARMUP));
        }
        String prefix = schedule(trial) + ".";
        trial.forEach((name, value) -> {
            if (name.startsWith(prefix)) {
                out.put(name.substring(prefix.length()), value);
            }
        });
        return out;
    }
}
