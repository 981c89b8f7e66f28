package io.lrlab.experiment;

import io.lrlab.training.EpochMetrics;
import io.lrlab.training.TrainingMonitor.EarlyStop;
import io.lrlab.training.TrainingStatus;
import java.util.Arrays;
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
        Optional<EpochMetrics> last = metrics.findByExperimentsAtEpoch(List.of(id), epoch).stream().findFirst()
                .map(EpochMetricEntity::toMetrics);
        if (last.isEmpty()) {
            return Optional.empty();
        }
        if (spec.earlyStopping() != null) {
            Optional<EarlyStop> patience = patience(spec.earlyStopping(), metrics.findByExperiment(id).stream()
                    .map(EpochMetricEntity::toMetrics).filter(m -> m.epoch() <= epoch).toList());
            if (patience.isPresent()) {
                return patience;
            }
        }
        for (EpochRule rule : others.orderedStream().toList()) {
            Optional<EarlyStop> stop = rule.decide(id, spec, last.get());
            if (stop.isPresent()) {
                return stop;
            }
        }
        return Optional.empty();
    }

    public Optional<EarlyStop> decide(long id, ExperimentSpec spec, EpochMetrics last) {
        if (spec.earlyStopping() != null) {
            Optional<EarlyStop> patience = patience(spec.earlyStopping(),
                    metrics.findByExperiment(id).stream().map(EpochMetricEntity::toMetrics).toList());
            if (patience.isPresent()) {
                return patience;
            }
        }
        if (spec.medianStopping() != null && last.epoch() >= spec.medianStopping().effectiveGrace()) {
            Long sweep = experiments.findById(id).map(Experiment::getSweepId).orElse(null);
            if (sweep != null) {
                List<Long> others = experiments.findBySweepIdOrderByIdAsc(sweep).stream().map(Experiment::getId)
                        .filter(other -> other != id).toList();
                double[] peers = others.isEmpty() ? new double[0] : metrics.findByExperimentsAtEpoch(others, last.epoch()).stream()
                        .mapToDouble(m -> spec.medianStopping().metric().of(m.toMetrics())).toArray();
                Optional<EarlyStop> median = median(spec.medianStopping(), last, peers);
                if (median.isPresent()) {
                    return median;
                }
            }
        }
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
        double[] sorted = peers.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
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
