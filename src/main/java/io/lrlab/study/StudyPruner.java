package io.lrlab.study;

import io.lrlab.experiment.EpochRule;
import io.lrlab.experiment.ExperimentSpec;
import io.lrlab.training.EpochMetrics;
import io.lrlab.training.TrainingMonitor.EarlyStop;
import io.lrlab.training.TrainingStatus;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A study's pruner, asked after every epoch of its search trials. Successive halving decides each rung once, under the
 * study's row lock, from the value the database holds for the rung's epoch, and records it. A trial resumed from the
 * rung's checkpoint is asked again before it trains on ({@code TrainingMonitor.onResume}): it gets the recorded
 * decision, or, if its node died before deciding, the decision made then from the same recorded value, so a trial held
 * at a rung never trains an epoch past it.
 */
@Component
class StudyPruner implements EpochRule {

    private final StudyStore store;
    private final StudySpecs specs;
    private final TransactionTemplate tx;

    StudyPruner(StudyStore store, StudySpecs specs, TransactionTemplate tx) {
        this.store = store;
        this.specs = specs;
        this.tx = tx;
    }

    @Override
    public Optional<EarlyStop> decide(long experimentId, ExperimentSpec spec, EpochMetrics last) {
        Optional<StudyStore.TrialOf> trial = store.trialOf(experimentId).filter(t -> StudyStore.SEARCH.equals(t.kind()));
        if (trial.isEmpty()) {
            return Optional.empty();
        }
        Optional<StudyStore.StudyRow> row = store.find(trial.get().studyId());
        if (row.isEmpty()) {
            return Optional.empty();
        }
        StudyRequest request = specs.read(row.get());
        if (request.pbt()) {
            return generation(trial.get(), request, last);
        }
        Pruner pruner = StudySpecs.pruner(request);
        return switch (pruner.effectiveType()) {
            case "asha" -> halving(trial.get(), experimentId, request, pruner, last);
            case "median" -> median(trial.get(), experimentId, request, pruner, last);
            default -> Optional.empty();
        };
    }

    /**
     * Population-based training: a member that finished a generation's last epoch waits there for the rest of the
     * population, unless the generation was decided (it resumed after the decision, from the checkpoint it was given).
     */
    private Optional<EarlyStop> generation(StudyStore.TrialOf trial, StudyRequest request, EpochMetrics last) {
        int done = last.epoch() + 1;
        int interval = request.effectivePopulation().effectiveInterval();
        if (done % interval != 0 || done >= request.epochs() || store.exploitDecided(trial.studyId(), done / interval - 1, trial.number())) {
            return Optional.empty();
        }
        return Optional.of(new EarlyStop(TrainingStatus.PAUSED, String.format(Locale.ROOT,
                "waits after %d epochs for the rest of study %d's population, to exploit and explore", done, trial.studyId())));
    }

    private Optional<EarlyStop> halving(StudyStore.TrialOf trial, long experimentId, StudyRequest request, Pruner pruner, EpochMetrics last) {
        Objective objective = Objective.of(request.objective());
        List<Integer> rungs = SuccessiveHalving.rungs(pruner.effectiveMinEpochs(), pruner.effectiveEta(), request.epochs());
        int done = last.epoch() + 1;
        for (int k = 0; k < rungs.size() && rungs.get(k) <= done; k++) {
            int rung = k;
            int epochs = rungs.get(k);
            Optional<StudyStore.RungRow> decided = store.rung(trial.studyId(), trial.number(), rung);
            if (decided.isEmpty()) {
                decided = tx.execute(s -> {
                    store.lock(trial.studyId());
                    Optional<StudyStore.RungRow> again = store.rung(trial.studyId(), trial.number(), rung);
                    if (again.isPresent()) {
                        return again;
                    }
                    return store.epochValue(experimentId, epochs - 1).map(v -> {
                        double value = objective.value(v.valAcc(), v.valLoss());
                        List<SuccessiveHalving.Entry> others = store.rungs(trial.studyId()).stream().filter(r -> r.rung() == rung)
                                .map(r -> new SuccessiveHalving.Entry(r.number(), objective.score(r.value()), r.promoted())).toList();
                        StudyStore.RungRow row = new StudyStore.RungRow(trial.number(), rung, epochs, value,
                                SuccessiveHalving.promotes(trial.number(), objective.score(value), others, pruner.effectiveEta()));
                        store.insertRung(trial.studyId(), row);
                        return row;
                    });
                });
            }
            if (decided.isPresent() && !decided.get().promoted()) {
                return Optional.of(new EarlyStop(TrainingStatus.PAUSED, String.format(Locale.ROOT,
                        "%s %.4f after %d epochs is not yet among the best 1/%d at that rung of study %d; it waits there to be "
                                + "promoted or pruned", objective.id(), decided.get().value(), epochs, pruner.effectiveEta(), trial.studyId())));
            }
        }
        return Optional.empty();
    }

    private Optional<EarlyStop> median(StudyStore.TrialOf trial, long experimentId, StudyRequest request, Pruner pruner, EpochMetrics last) {
        if (last.epoch() + 1 < pruner.effectiveGrace()) {
            return Optional.empty();
        }
        Objective objective = Objective.of(request.objective());
        double[] peers = store.epochValuesAt(trial.studyId(), last.epoch()).stream()
                .filter(v -> v.experimentId() != experimentId)
                .mapToDouble(v -> objective.score(objective.value(v.valAcc(), v.valLoss()))).filter(Double::isFinite).toArray();
        if (peers.length == 0) {
            return Optional.empty();
        }
        int n = peers.length;
        double median = io.lrlab.stats.Median.of(peers);
        double value = objective.value(last.valAcc(), last.valLoss());
        double score = objective.score(value);
        if (score < median) {
            return Optional.of(new EarlyStop(TrainingStatus.PRUNED, String.format(Locale.ROOT,
                    "%s %.4f after epoch %d is worse than the median of study %d's %d other trials there", objective.id(), value,
                    last.epoch() + 1, trial.studyId(), n)));
        }
        return Optional.empty();
    }
}
