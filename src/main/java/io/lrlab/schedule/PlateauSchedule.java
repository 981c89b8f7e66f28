package io.lrlab.schedule;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reduce on plateau, as Keras' {@code ReduceLROnPlateau}: once the monitored validation metric has not improved by
 * more than {@code minDelta} for {@code patience} epochs, the rate is multiplied by {@code factor} (not below
 * {@code minLr}), and the next {@code cooldown} epochs count no patience. The only schedule with state: the trainer
 * drives it and checkpoints it.
 */
final class PlateauSchedule implements LearningRateSchedule, MetricDriven {

    enum Monitor {
        VAL_LOSS, VAL_ACC;

        static Monitor of(String id) {
            return "val_acc".equals(id) ? VAL_ACC : VAL_LOSS;
        }
    }

    private final Monitor monitor;
    private final double factor;
    private final int patience;
    private final int cooldown;
    private final double minDelta;
    private final double minLr;

    private double lr;
    private double best;
    private int wait;
    private int cooldownLeft;

    PlateauSchedule(double initialLr, Monitor monitor, double factor, int patience, int cooldown, double minDelta, double minLr) {
        this.monitor = monitor;
        this.factor = factor;
        this.patience = patience;
        this.cooldown = cooldown;
        this.minDelta = minDelta;
        this.minLr = minLr;
        this.lr = initialLr;
        this.best = monitor == Monitor.VAL_LOSS ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    @Override
    public double rate(int epoch, long iteration, int itersPerEpoch) {
        return lr;
    }

    @Override
    public Granularity granularity() {
        return Granularity.EPOCH;
    }

    @Override
    public java.util.Optional<MetricDriven> metricDriven() {
        return java.util.Optional.of(this);
    }

    @Override
    public void observe(int epoch, double valLoss, double valAcc) {
        double current = monitor == Monitor.VAL_LOSS ? valLoss : valAcc;
        if (cooldownLeft > 0) {
            cooldownLeft--;
            wait = 0;
        }
        boolean improved = monitor == Monitor.VAL_LOSS ? current < best - minDelta : current > best + minDelta;
        if (improved) {
            best = current;
            wait = 0;
        } else if (cooldownLeft == 0) {
            wait++;
            if (wait >= patience) {
                if (lr > minLr) {
                    lr = Math.max(lr * factor, minLr);
                    cooldownLeft = cooldown;
                }
                wait = 0;
            }
        }
    }

    @Override
    public Map<String, String> state() {
        Map<String, String> state = new LinkedHashMap<>();
        state.put("lr", Double.toString(lr));
        state.put("best", Double.toString(best));
        state.put("wait", Integer.toString(wait));
        state.put("cooldownLeft", Integer.toString(cooldownLeft));
        return state;
    }

    @Override
    public void restore(Map<String, String> state) {
        lr = Double.parseDouble(state.get("lr"));
        best = Double.parseDouble(state.get("best"));
        wait = Integer.parseInt(state.get("wait"));
        cooldownLeft = Integer.parseInt(state.get("cooldownLeft"));
    }
}
