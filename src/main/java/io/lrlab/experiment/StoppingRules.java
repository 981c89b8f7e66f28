package io.lrlab.experiment;

import io.lrlab.training.EpochMetrics;
import io.lrlab.training.TrainingMonitor.EarlyStop;
import io.lrlab.training.TrainingStatus;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Decides after each epoch whether an experiment ends early: its own patience rule, its sweep's median rule, then the
 * rules other features add ({@link EpochRule}: a study's pruner).
 * Both read the recorded history from the database, so a resumed run (on this worker or another) decides exactly as an
 * uninterrupted one.
 */
@Component
public class StoppingRules {

    private final EpochMetricRepository metrics;
    private final ExperimentRepository experiments;
    private final ObjectProvider<EpochRule> others;

    StoppingRules(EpochMetricRepository metrics, ExperimentRepository experiments, ObjectProvider<EpochRule> others) {
        this.metrics = metrics;
        this.experiments = experiments;
        this.others = others;
    }

    /**
     * The rules that answer alike when asked twice, asked again for an epoch already recorded, as a run resumed after
     * it is: a node that died between the epoch's checkpoint and acting on the answer (a study's pause, say) left it
     * unacted on. Patience reads the run's own history and {@link EpochRule}s promise the same answer; the sweep's
     * median is left out, since peers that finished since could change its answer.
     */
    public Optional<EarlyStop> decideAgain(long id, ExperimentSpec spec, int epoch) {
        return metrics.findByExperimentsAtEpoch(List.of(id), epoch).stream().findFirst().map(EpochMetricEntity::toMetrics)
                .flatMap(last -> patience(id, spec, last).or(() -> epochRules(id, spec, last)));
    }

    public Optional<EarlyStop> decide(long id, ExperimentSpec spec, EpochMetrics last) {
        return patience(id, spec, last).or(() -> sweepMedian(id, spec, last)).or(() -> epochRules(id, spec, last));
    }

    /** The experiment's own patience rule over its history up to {@code last}, if it has one. */
    private Optional<EarlyStop> patience(long id, ExperimentSpec spec, EpochMetrics last) {
        if (spec.earlyStopping() == null) {
            return Optional.empty();
        }
        return patience(spec.earlyStopping(), metrics.findByExperiment(id).stream().map(EpochMetricEntity::toMetrics)
                .filter(m -> m.epoch() <= last.epoch()).toList());
    }

    /** The sweep's median rule against the sweep's other runs at the same epoch, if the experiment has one. */
    private Optional<EarlyStop> sweepMedian(long id, ExperimentSpec spec, EpochMetrics last) {
        if (spec.medianStopping() == null || last.epoch() < spec.medianStopping().effectiveGrace()) {
            return Optional.empty();
        }
        Long sweep = experiments.findById(id).map(Experiment::getSweepId).orElse(null);
        if (sweep == null) {
            return Optional.empty();
        }
        List<Long> others = experiments.findBySweepIdOrderByIdAsc(sweep).stream().map(Experiment::getId)
                .filter(other -> other != id).toList();
        double[] peers = others.isEmpty() ? new double[0] : metrics.findByExperimentsAtEpoch(others, last.epoch()).stream()
                .mapToDouble(m -> spec.medianStopping().metric().of(m.toMetrics())).toArray();
        return median(spec.medianStopping(), last, peers);
    }

    /** The rules other features add, in order; the first that stops the run answers. */
    private Optional<EarlyStop> epochRules(long id, ExperimentSpec spec, EpochMetrics last) {
        for (EpochRule rule : others.orderedStream().toList()) {
            Optional<EarlyStop> stop = rule.decide(id, spec, last);
            if (stop.isPresent()) {
                return stop;
            }
        }
        return Optional.empty();
    }

    /** Stops once the best epoch lies {@code patience} epochs back: no later epoch beat it by more than minDelta. */
    static Optional<EarlyStop> patience(EarlyStopping rule, List<EpochMetrics> history) {
        StopMonitor metric = rule.metric();
        int bestEpoch = -1;
        double best = Double.NaN;
        for (EpochMetrics m : history) {
            double value = metric.of(m);
            if (bestEpoch < 0 || metric.better(value, best, rule.effectiveMinDelta())) {
                best = value;
                bestEpoch = m.epoch();
            }
        }
        if (history.isEmpty()) {
            return Optional.empty();
        }
        int lastEpoch = history.get(history.size() - 1).epoch();
        if (lastEpoch - bestEpoch >= rule.effectivePatience()) {
            return Optional.of(new EarlyStop(TrainingStatus.STOPPED_EARLY, String.format(Locale.ROOT,
                    "%s has not improved by more than %s for %d epochs (best %.4f after epoch %d)", metric.id(),
                    rule.effectiveMinDelta(), lastEpoch - bestEpoch, best, bestEpoch + 1)));
        }
        return Optional.empty();
    }

    /** Prunes a run worse at this epoch than the median of the other runs that reached it. */
    static Optional<EarlyStop> median(MedianStopping rule, EpochMetrics last, double[] peers) {
        if (peers.length == 0) {
            return Optional.empty();
        }
        int n = peers.length;
        double median = io.lrlab.stats.Median.of(peers);
        StopMonitor metric = rule.metric();
        double value = metric.of(last);
        if (metric.better(median, value, 0)) {
            return Optional.of(new EarlyStop(TrainingStatus.PRUNED, String.format(Locale.ROOT,
                    "%s %.4f after epoch %d is worse than the median %.4f of the sweep's %d other runs there", metric.id(), value,
                    last.epoch() + 1, median, n)));
        }
        return Optional.empty();
    }
}
