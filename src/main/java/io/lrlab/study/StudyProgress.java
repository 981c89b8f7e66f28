package io.lrlab.study;

import io.lrlab.error.InvalidInputException;
import io.lrlab.experiment.ExperimentAdmission;
import io.lrlab.experiment.ExperimentEndListener;
import io.lrlab.experiment.ExperimentQueue;
import io.lrlab.experiment.ExperimentRequest;
import io.lrlab.experiment.ExperimentView;
import io.lrlab.security.Caller;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves a study on: samples trials while the budget and the parallelism allow, queues the confirmation runs of the best
 * configuration once the search is over, and ends the study when they are done. Runs under the study's row lock, so
 * whichever node calls it (the one whose trial just ended, or any node's periodic check) decides once and the same way:
 * what it decides depends only on what the database holds.
 */
@Component
class StudyProgress implements ExperimentEndListener {

    private static final Logger log = LoggerFactory.getLogger(StudyProgress.class);
    private static final int DRAWS = 20;

    private final StudyStore store;
    private final StudySpecs specs;
    private final ExperimentAdmission admission;
    private final ExperimentQueue queue;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final PopulationTraining population;

    StudyProgress(StudyStore store, StudySpecs specs, ExperimentAdmission admission, ExperimentQueue queue, TransactionTemplate tx,
                  Clock clock, PopulationTraining population) {
        this.population = population;
        this.store = store;
        this.specs = specs;
        this.admission = admission;
        this.queue = queue;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public void ended(long experimentId) {
        store.trialOf(experimentId).ifPresent(t -> advance(t.studyId()));
    }

    /** Does what the study's state calls for now; nothing when nothing is due. */
    void advance(long studyId) {
        tx.executeWithoutResult(status -> store.lock(studyId).filter(StudyStore.StudyRow::open).ifPresent(this::advanceLocked));
    }

    private void advanceLocked(StudyStore.StudyRow row) {
        StudyRequest spec = specs.read(row);
        Space space = Space.compile(StudySpecs.space(spec), spec.epochs());
        if (spec.pbt()) {
            population.advanceLocked(row, spec, space);
            return;
        }
        List<StudyStore.TrialRow> trials = store.trials(row.id());
        long active = trials.stream().filter(StudyStore.TrialRow::active).count();
        int next = row.nextTrial();
        Caller caller = new Caller(row.submittedBy(), false);
        if (StudyStore.CONFIRMING.equals(row.state())) {
            if (active == 0) {
                store.update(row.id(), StudyStore.COMPLETED, next, clock.instant());
            }
            return;
        }
        List<StudyStore.TrialRow> search = trials.stream().filter(t -> StudyStore.SEARCH.equals(t.kind())).toList();
        int sampled = search.size();
        int trialBudget = StudySpecs.trialBudget(spec, space);
        long epochBudget = StudySpecs.epochBudget(spec);
        // epochs trained, and the rest of the trials that hold a worker
        long committed = search.stream().mapToLong(t -> epochs(t) + (t.active() ? spec.epochs() - epochs(t) : 0)).sum();
        active += promote(row.id(), spec, search, false);
        Sampler sampler = Sampler.of(spec.sampler());
        List<Observation> history = null;
        boolean exhausted = false;
        while (active < StudySpecs.parallelism(spec) && sampled < trialBudget && committed + StudySpecs.firstStage(spec) <= epochBudget) {
            if (history == null) {
                history = observations(spec, row.id(), search);
            }
            Optional<Draw> draw = draw(spec, space, sampler, row, next, history);
            if (draw.isEmpty()) {
                exhausted = true;
                break;
            }
            ExperimentView queued = admission.submit(draw.get().request(), null, null, caller);
            store.insertTrial(row.id(), next, StudyStore.SEARCH, queued.id(), specs.write(draw.get().params()));
            next++;
            sampled++;
            active++;
            committed += spec.epochs();
        }
        String state = row.state();
        boolean searchOver = exhausted || sampled >= trialBudget || committed + StudySpecs.firstStage(spec) > epochBudget;
        if (active == 0 && searchOver) {
            // nothing more arrives at any rung: each promotes its best if it promoted nobody, and the rest are pruned
            active += promote(row.id(), spec, search, true);
        }
        if (active == 0 && searchOver) {
            for (StudyStore.TrialRow t : search) {
                if (t.paused()) {
                    queue.prunePaused(t.experimentId(), "not promoted past its rung after " + epochs(t) + " epochs: the search of study "
                            + row.id() + " ended with better trials there");
                }
            }
            state = StudyStore.COMPLETED;
            // no trial completed within this call: what the search found is what it held when the call began
            Optional<Map<String, Object>> best = best(history != null ? history : observations(spec, row.id(), search));
            List<Long> seeds = spec.seeds() == null ? List.of() : spec.seeds();
            if (best.isPresent() && !seeds.isEmpty()) {
                for (long seed : seeds) {
                    ExperimentRequest confirm = StudySpecs.experiment(spec, row.id(), row.name(), next, best.get(), seed, true);
                    ExperimentView queued = admission.submit(confirm, null, null, caller);
                    store.insertTrial(row.id(), next, StudyStore.CONFIRM, queued.id(), specs.write(best.get()));
                    next++;
                }
                state = StudyStore.CONFIRMING;
            }
        }
        store.update(row.id(), state, next, StudyStore.COMPLETED.equals(state) ? clock.instant() : null);
    }

    private static int epochs(StudyStore.TrialRow t) {
        return t.epochsCompleted() == null ? 0 : t.epochsCompleted();
    }

    /**
     * Successive halving's promotions: every waiting trial now among its rung's best goes back to the queue, the
     * highest rung first. Returns how many went.
     */
    private int promote(long studyId, StudyRequest spec, List<StudyStore.TrialRow> search, boolean closing) {
        Pruner pruner = StudySpecs.pruner(spec);
        if (!"asha".equals(pruner.effectiveType())) {
            return 0;
        }
        Objective objective = Objective.of(spec.objective());
        Map<Integer, StudyStore.TrialRow> byNumber = new HashMap<>();
        search.forEach(t -> byNumber.put(t.number(), t));
        Map<Integer, List<SuccessiveHalving.Entry>> rungs = new java.util.TreeMap<>(Comparator.reverseOrder());
        store.rungs(studyId).forEach(r -> rungs.computeIfAbsent(r.rung(), k -> new ArrayList<>())
                .add(new SuccessiveHalving.Entry(r.number(), objective.score(r.value()), r.promoted())));
        int released = 0;
        for (Map.Entry<Integer, List<SuccessiveHalving.Entry>> rung : rungs.entrySet()) {
            for (int number : SuccessiveHalving.promotable(rung.getValue(), pruner.effectiveEta(), closing)) {
                StudyStore.TrialRow t = byNumber.get(number);
                // a trial still running toward its pause is promoted once it has paused
                if (t != null && t.paused() && queue.release(t.experimentId())) {
                    store.promote(studyId, number, rung.getKey());
                    released++;
                }
            }
        }
        return released;
    }

    private record Draw(Map<String, Object> params, ExperimentRequest request) {
    }

    /**
     * Trial {@code number}'s request. The draw's randomness depends only on the study's seed and the trial's number; a
     * draw the admission refuses (a combination the schedule forbids) is drawn again, a few times at most.
     */
    private Optional<Draw> draw(StudyRequest spec, Space space, Sampler sampler, StudyStore.StudyRow row, int number,
                                             List<Observation> history) {
        Random random = StudySpecs.random(spec, number);
        for (int attempt = 0; attempt < DRAWS; attempt++) {
            Optional<Map<String, Object>> params = sampler.sample(space, number, history, random);
            if (params.isEmpty()) {
                return Optional.empty();
            }
            ExperimentRequest request = StudySpecs.experiment(spec, row.id(), row.name(), number, params.get(), StudySpecs.seed(spec), false);
            try {
                admission.validate(request, null);
                return Optional.of(new Draw(params.get(), request));
            } catch (InvalidInputException e) {
                log.info("Study {} trial {}: {} drawn again ({})", row.id(), number, params.get(), e.getMessage());
            }
        }
        log.warn("Study {}: {} draws in a row broke the schedules' rules; the search ends", row.id(), DRAWS);
        return Optional.empty();
    }

    /** What the finished search trials found, for the sampler; failed and cancelled ones teach nothing. */
    List<Observation> observations(StudyRequest spec, long studyId, List<StudyStore.TrialRow> search) {
        Objective objective = Objective.of(spec.objective());
        Map<Long, StudyStore.EpochValue> last = lastEpochs(studyId);
        List<Observation> out = new ArrayList<>();
        for (StudyStore.TrialRow t : search) {
            if (t.status() == null || t.experimentId() == null) {
                continue;
            }
            boolean complete = "COMPLETED".equals(t.status()) || "STOPPED_EARLY".equals(t.status());
            boolean stopped = "PRUNED".equals(t.status()) || "DIVERGED".equals(t.status());
            if (!complete && !stopped) {
                continue;
            }
            StudyStore.EpochValue v = last.get(t.experimentId());
            double score = v == null || "DIVERGED".equals(t.status()) ? Double.NEGATIVE_INFINITY
                    : objective.score(objective.value(v.valAcc(), v.valLoss()));
            out.add(new Observation(specs.params(t.params()), complete && v != null, v == null ? 0 : v.epoch() + 1, score));
        }
        return out;
    }

    private Map<Long, StudyStore.EpochValue> lastEpochs(long studyId) {
        Map<Long, StudyStore.EpochValue> last = new HashMap<>();
        store.epochValues(studyId).forEach(v -> last.merge(v.experimentId(), v, (a, b) -> a.epoch() >= b.epoch() ? a : b));
        return last;
    }

    private static Optional<Map<String, Object>> best(List<Observation> history) {
        return history.stream().filter(Observation::complete).filter(o -> Double.isFinite(o.score()))
                .max(Comparator.comparingDouble(Observation::score)).map(Observation::params);
    }
}
