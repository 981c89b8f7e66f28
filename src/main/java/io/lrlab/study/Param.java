package io.lrlab.study;

import java.util.List;

/**
 * One compiled dimension: categorical ({@code choices}) or numeric from {@code low} to {@code high}, log-uniform with
 * {@code log}, whole numbers with {@code integer}. A schedule's parameter is active only in trials of that schedule.
 *
 * @param name     the trial parameter's name: schedule, initialLr, warmupEpochs or {@code <schedule>.<parameter>}
 * @param schedule the schedule the dimension belongs to; {@code null} when every trial has it
 */
record Param(String name, String schedule, List<Object> choices, double low, double high, boolean log, boolean integer) {

    static Param categorical(String name, String schedule, List<Object> choices) {
        return new Param(name, schedule, List.copyOf(choices), Double.NaN, Double.NaN, false, false);
    }

    static Param range(String name, String schedule, double low, double high, boolean log, boolean integer) {
        return new Param(name, schedule, null, low, high, log, integer);
    }

    boolean categorical() {
        return choices != null;
    }

    boolean activeFor(String trialSchedule) {
        return schedule == null || schedule.equals(trialSchedule);
    }

    /** The range in the space the samplers work in: log for a log range, widened by half a step for whole numbers. */
    double lowerBound() {
        return log ? Math.log(low) : integer ? low - 0.5 : low;
    }

    double upperBound() {
        return log ? Math.log(high) : integer ? high + 0.5 : high;
    }

    /** A value of the working space as the parameter's own value: back from log, rounded and clamped for integers. */
    Object fromWorking(double x) {
        double v = log ? Math.exp(x) : x;
        if (integer) {
            return (int) Math.max(low, Math.min(high, Math.round(v)));
        }
        return Math.max(low, Math.min(high, v));
    }

    double toWorking(Object value) {
        double v = ((Number) value).doubleValue();
        return log ? Math.log(v) : v;
    }
}
