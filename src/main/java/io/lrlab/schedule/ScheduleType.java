package io.lrlab.schedule;

import static io.lrlab.schedule.ParameterSpec.choice;
import static io.lrlab.schedule.ParameterSpec.flag;
import static io.lrlab.schedule.ParameterSpec.integer;
import static io.lrlab.schedule.ParameterSpec.list;
import static io.lrlab.schedule.ParameterSpec.number;

import io.lrlab.error.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The catalogue of schedule types: id, granularity, formula, parameters and how each is built.
 * Formulas use e = 0-based epoch, E = epochs, i = 0-based iteration of the run, N = iterations per epoch.
 */
public enum ScheduleType {

    NONE("none", Granularity.EPOCH, "Constant learning rate (the reference's baseline).",
            "lr = initialLr", List.of()) {
        @Override
        LearningRateSchedule create(double lr, int epochs, ScheduleParams p) {
            return new ConstantSchedule(lr);
        }
    },
    STANDARD("standard", Granularity.ITERATION,
            "Keras' time-based decay (the optimizer's legacy 'decay' argument), updated every batch.",
            "lr = initialLr / (1 + decay * i)",
            List.of(number("decay", "1/iteration", "decay per batch", 0, true, 10, true,
                    "initialLr / epochs", (lr, epochs) -> lr / epochs))) {
        @Override
        LearningRateSchedule create(double lr, int epochs, ScheduleParams p) {
            return new TimeBasedDecaySchedule(lr, p.number("decay"));
        }
    },
    STEP("step", Granularity.EPOCH,
            "Drops the rate by 'factor' every 'dropEvery' epochs; the first drop comes after dropEvery - 1 epochs, as in the reference.",
            "lr = initialLr * factor ^ floor((1 + e) / dropEvery)",
            List.of(number("factor", "", "multiplier applied at each drop", 0, false, 1, true, "0.25", (lr, epochs) -> 0.25),
                    integer("dropEvery", "epochs", "epochs between drops", 1, Schedules.MAX_EPOCHS, 15))) {
        @Override
        LearningRateSchedule create(double lr, int epochs, ScheduleParams p) {
            return new StepDecaySchedule(lr, p.number("factor"), p.integer("dropEvery"));
        }
    },
    LINEAR("linear", Granularity.EPOCH, "Linear decay to zero over the run.",
            "lr = initialLr * (1 - e / E)", List.of()) {
        @Override
        LearningRateSchedule create(double lr, int epochs, ScheduleParams p) {
            return new PolynomialDecaySchedule(lr, epochs, 1.0);
        }
    },
    POLY("poly", Granularity.EPOCH, "Polynomial decay to zero over the run.",
            "lr = initialLr * (1 - e / E) ^ power",
            List.of(number("power", "", "exponent of the decay", 0, false, 10, true, "5", (lr, epochs) -> 5.0))) {
        @Override
        LearningRateSchedule create(double lr, int epochs, ScheduleParams p) {
            return new PolynomialDecaySchedule(lr, epochs, p.number("power"));
        }
    },
    EXPONENTIAL("exponential", Granularity.EPOCH, "Exponential decay by 'gamma' every 'decayEpochs' epochs, smooth or staircase.",
            "lr = initialLr * gamma ^ (e / decayEpochs); staircase: gamma ^ floor(e / decayEpochs)",
            List.of(number("gamma", "", "decay multiplier per decayEpochs", 0, false, 1, true, "0.95", (lr, epochs) -> 0.95),
                    integer("decayEpochs", "epochs", "epochs over which the rate is multiplied by gamma", 1, Schedules.MAX_EPOCHS, 1),
                    flag("staircase", "decay in whole steps of decayEpochs", false))) {
        @Override
        LearningRateSchedule create(double lr, int epochs, ScheduleParams p) {
            return new ExponentialSchedule(lr, p.number("gamma"), p.integer("decayEpochs"), p.flag("staircase"));
        }
    },
    COSINE("cosine", Granularity.EPOCH, "Cosine annealing from initialLr to minLr over the run (combine with warmupEpochs for a linear warm-up).",
            "lr = minLr + (initialLr - minLr) * (1 + cos(pi * e / E)) / 2",
            List.of(minLr())) {
        @Override
        LearningRateSchedule create(double lr, int epochs, ScheduleParams p) {
            return new CosineSchedule(lr, p.number("minLr"), epochs);
        }
    },
    COSINE_RESTARTS("cosine-restarts", Granularity.ITERATION,
            "SGDR: cosine annealing restarted after t0 epochs, each period tMult times longer than the last; t counts epochs in fractions of a batch.",
            "t = i / N; period k lasts T_k = t0 * tMult^k epochs; lr = minLr + (initialLr - minLr) * (1 + cos(pi * t_cur / T_k)) / 2",
            List.of(integer("t0", "epochs", "length of the first period", 1, Schedules.MAX_EPOCHS, 10),
                    number("tMult", "", "growth of each period", 1, true, 10, true, "2", (lr, epochs) -> 2.0),
                    minLr())) {
        @Override
        LearningRateSchedule create(double lr, int epochs, ScheduleParams p) {
            return new CosineRestartsSchedule(lr, p.number("minLr"), p.integer("t0"), p.number("tMult"));
        }
    },
    CYCLIC("cyclic", Granularity.ITERATION,
            "Cyclical learning rates (Smith 2017) between baseLr and maxLr; half a cycle is stepSize iterations.",
            "cycle = floor(1 + i / (2 * stepSize)); x = abs(i / stepSize - 2 * cycle + 1); "
                    + "lr = baseLr + (maxLr - baseLr) * max(0, 1 - x) * scale; scale = 1 (triangular), "
                    + "1 / 2^(cycle - 1) (triangular2), gamma^i (exp_range)",
            List.of(choice("mode", "shape of the cycles", List.of("triangular", "triangular2", "exp_range"), "triangular"),
                    number("baseLr", "learning rate", "lower bound of the cycle", 0, false, Schedules.MAX_INITIAL_LR, true,
                            "initialLr", (lr, epochs) -> lr),
                    number("maxLr", "learning rate", "upper bound of the cycle", 0, false, Schedules.MAX_INITIAL_LR, true,
                            "4 * initialLr", (lr, epochs) -> Math.min(Schedules.MAX_INITIAL_LR, 4 * lr)),
                    integer("stepSize", "iterations", "iterations in half a cycle", 1, 10_000_000, 2000),
                    number("gamma", "", "per-iteration decay of the amplitude in exp_range mode", 0, false, 1, true,
                            "0.99994", (lr, epochs) -> 0.99994))) {
        @Override
        LearningRateSchedule create(double lr, int epochs, ScheduleParams p) {
            return new CyclicSchedule(CyclicSchedule.Mode.of(p.choice("mode")), p.number("baseLr"), p.number("maxLr"),
                    p.integer("stepSize"), p.number("gamma"));
        }

        @Override
        void checkTogether(Map<String, Object> p, double lr, int epochs, String field, List<Violation> violations) {
            super.checkTogether(p, lr, epochs, field, violations);
            if (((Number) p.get("maxLr")).doubleValue() <= ((Number) p.get("baseLr")).doubleValue()) {
                violations.add(new Violation(field + ".maxLr", "must be greater than baseLr"));
            }
        }
    },
    ONE_CYCLE("one-cycle", Granularity.ITERATION,
            "1cycle policy (Smith 2018, as PyTorch's OneCycleLR): warm up from maxLr / divFactor to maxLr over "
                    + "pctStart of the run, then anneal to maxLr / (divFactor * finalDivFactor).",
            "T = E * N; p1 = pctStart * T - 1; i <= p1: anneal(maxLr / divFactor, maxLr, i / p1); "
                    + "else anneal(maxLr, maxLr / divFactor / finalDivFactor, (i - p1) / (T - 1 - p1)); "
                    + "cos: end + (start - end) * (1 + cos(pi * p)) / 2; linear: start + (end - start) * p",
            List.of(number("maxLr", "learning rate", "peak rate", 0, false, Schedules.MAX_INITIAL_LR, true,
                            "initialLr", (lr, epochs) -> lr),
                    number("pctStart", "", "fraction of the run spent warming up", 0, false, 1, false, "0.3", (lr, epochs) -> 0.3),
                    number("divFactor", "", "maxLr / starting rate", 1, true, 1e6, true, "25", (lr, epochs) -> 25.0),
                    number("finalDivFactor", "", "starting rate / final rate", 1, true, 1e9, true, "10000", (lr, epochs) -> 1e4),
                    choice("anneal", "annealing curve", List.of("cos", "linear"), "cos"))) {
        @Override
        LearningRateSchedule create(double lr, int epochs, ScheduleParams p) {
            return new OneCycleSchedule(p.number("maxLr"), epochs, p.number("pctStart"), p.number("divFactor"),
                    p.number("finalDivFactor"), "cos".equals(p.choice("anneal")));
        }
    },
    PIECEWISE("piecewise", Granularity.EPOCH,
            "Piecewise constant: values[k] from epoch boundaries[k-1] on (values has one more entry than boundaries).",
            "lr = values[k], k = number of boundaries <= e",
            List.of(list("boundaries", ParameterKind.INTEGER_LIST, "epochs", "strictly increasing epochs where the rate changes",
                            1, true, Schedules.MAX_EPOCHS - 1, null, null),
                    list("values", ParameterKind.NUMBER_LIST, "learning rate", "the rates, one more than boundaries",
                            0, false, Schedules.MAX_INITIAL_LR, null, null))) {
        @Override
        LearningRateSchedule create(double lr, int epochs, ScheduleParams p) {
            return new PiecewiseSchedule(p.numbers("boundaries").stream().mapToInt(Double::intValue).toArray(),
                    p.numbers("values").stream().mapToDouble(Double::doubleValue).toArray());
        }

        @Override
        void checkTogether(Map<String, Object> p, double lr, int epochs, String field, List<Violation> violations) {
            super.checkTogether(p, lr, epochs, field, violations);
            @SuppressWarnings("unchecked") List<Double> boundaries = (List<Double>) p.get("boundaries");
            @SuppressWarnings("unchecked") List<Double> values = (List<Double>) p.get("values");
            for (int k = 0; k < boundaries.size(); k++) {
                if (k > 0 && boundaries.get(k) <= boundaries.get(k - 1)) {
                    violations.add(new Violation(field + ".boundaries", "must be strictly increasing"));
                    break;
                }
                if (boundaries.get(k) >= epochs) {
                    violations.add(new Violation(field + ".boundaries", "must all be below epochs (" + epochs + ")"));
                    break;
                }
            }
            if (values.size() != boundaries.size() + 1) {
                violations.add(new Violation(field + ".values", "must hold one more value than boundaries ("
                        + (boundaries.size() + 1) + ") but holds " + values.size()));
            }
        }
    },
    PLATEAU("plateau", Granularity.EPOCH,
            "Reduce on plateau (Keras' ReduceLROnPlateau): the trainer watches a validation metric and multiplies the rate by "
                    + "'factor' once it has not improved by more than 'minDelta' for 'patience' epochs. The rate depends on the "
                    + "metrics, so a preview can only show the rate before the first reduction.",
            "after epoch e: if the monitored metric did not improve by minDelta for patience epochs, lr = max(lr * factor, minLr), "
                    + "then no reduction for cooldown epochs",
            List.of(choice("monitor", "validation metric watched", List.of("val_loss", "val_acc"), "val_loss"),
                    number("factor", "", "multiplier applied at each reduction", 0, false, 1, false, "0.1", (lr, epochs) -> 0.1),
                    integer("patience", "epochs", "epochs without improvement before a reduction", 1, Schedules.MAX_EPOCHS, 10),
                    integer("cooldown", "epochs", "epochs after a reduction before patience counts again", 0, Schedules.MAX_EPOCHS, 0),
                    number("minDelta", "", "smallest change that counts as an improvement", 0, true, 1000, true, "0.0001",
                            (lr, epochs) -> 1e-4),
                    number("minLr", "learning rate", "the rate is never reduced below this", 0, true, Schedules.MAX_INITIAL_LR, false,
                            "0", (lr, epochs) -> 0.0))) {
        @Override
        LearningRateSchedule create(double lr, int epochs, ScheduleParams p) {
            return new PlateauSchedule(lr, PlateauSchedule.Monitor.of(p.choice("monitor")), p.number("factor"), p.integer("patience"),
                    p.integer("cooldown"), p.number("minDelta"), p.number("minLr"));
        }

        @Override
        public boolean metricDriven() {
            return true;
        }
    };

    /** The warm-up option every schedule type takes. */
    public static final String WARMUP_EPOCHS = "warmupEpochs";

    static final String WARMUP_FORMULA = "e < warmupEpochs: lr = initialLr * (e + 1) / (warmupEpochs + 1); "
            + "afterwards the schedule runs over E - warmupEpochs epochs, starting at epoch warmupEpochs";

    private final String id;
    private final Granularity granularity;
    private final String description;
    private final String formula;
    private final List<ParameterSpec> parameters;

    ScheduleType(String id, Granularity granularity, String description, String formula, List<ParameterSpec> own) {
        this.id = id;
        this.granularity = granularity;
        this.description = description;
        this.formula = formula;
        List<ParameterSpec> all = new ArrayList<>(own);
        all.add(integer(WARMUP_EPOCHS, "epochs", "linear warm-up epochs before the schedule starts", 0, Schedules.MAX_EPOCHS - 1, 0));
        this.parameters = List.copyOf(all);
    }

    private static ParameterSpec minLr() {
        return number("minLr", "learning rate", "lowest rate of the cosine", 0, true, Schedules.MAX_INITIAL_LR, false,
                "0", (lr, epochs) -> 0.0);
    }

    abstract LearningRateSchedule create(double initialLr, int epochs, ScheduleParams params);

    /** Rules that involve several values; called once every parameter parsed. */
    void checkTogether(Map<String, Object> p, double initialLr, int epochs, String field, List<Violation> violations) {
        if (((Number) p.get(WARMUP_EPOCHS)).intValue() >= epochs) {
            violations.add(new Violation(field + "." + WARMUP_EPOCHS, "must be below epochs (" + epochs + ")"));
        }
        if (p.containsKey("minLr") && ((Number) p.get("minLr")).doubleValue() >= initialLr) {
            violations.add(new Violation(field + ".minLr", "must be below initialLr (" + initialLr + ")"));
        }
    }

    public String id() {
        return id;
    }

    public Granularity granularity() {
        return granularity;
    }

    public String description() {
        return description;
    }

    public String formula() {
        return formula;
    }

    public String warmupFormula() {
        return WARMUP_FORMULA;
    }

    /** Whether the rate depends on measured metrics, so that a preview shows only its start. */
    public boolean metricDriven() {
        return false;
    }

    public List<ParameterSpec> parameters() {
        return parameters;
    }

    /** The five schedules of the reference experiment, in its order. */
    public static List<ScheduleType> reference() {
        return List.of(NONE, STANDARD, STEP, LINEAR, POLY);
    }

    public static Optional<ScheduleType> fromId(String id) {
        return Stream.of(values()).filter(t -> t.id.equalsIgnoreCase(id == null ? "" : id.trim())).findFirst();
    }

    public static String ids() {
        return Arrays.stream(values()).map(ScheduleType::id).collect(Collectors.joining(", "));
    }
}
