package io.lrlab.study;

import io.lrlab.experiment.ExperimentAdmission;
import io.lrlab.experiment.ExperimentQueue;
import io.lrlab.experiment.ExperimentView;
import io.lrlab.security.Caller;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Moves a population-based training study on, under the study's row lock (see {@link StudyProgress}): queues the
 * population, and once every member still training waits at a generation's boundary (each pauses there, see
 * {@link StudyPruner}), decides the generation's exploits, copies the checkpoints, rewrites the exploiting members'
 * rates from the boundary on and puts the population back in the queue, all in one transaction; it ends the study when
 * no member is left to train. Synchronous generations: every member's decision sees every member's value at the same
 * epoch, so the decisions depend only on the recorded values and the study's seed.
 */
@Component
class PopulationTraining {

    private static final Logger log = LoggerFactory.getLogger(PopulationTraining.class);

    private final StudyStore store;
    private final StudySpecs specs;
    private final ExperimentAdmission admission;
    private final ExperimentQueue queue;
    private final Clock clock;

    PopulationTraining(StudyStore store, StudySpecs specs, ExperimentAdmission admission, ExperimentQueue queue, Clock clock) {
        this.store = store;
        this.specs = specs;
        this.admission = admission;
        this.queue = queue;
        this.clock = clock;
    }

    /** Called under the study's row lock. */
    void advanceLocked(StudyStore.StudyRow row, StudyRequest spec, Space space) {
        List<StudyStore.TrialRow> members = store.trials(row.id()).stream().filter(t -> StudyStore.SEARCH.equals(t.kind())).toList();
        if (members.isEmpty()) {
            start(row, spec, space);
            return;
        }
        if (members.stream().anyMatch(StudyStore.TrialRow::active)) {
            return;
        }
        List<StudyStore.TrialRow> waiting = members.stream().filter(StudyStore.TrialRow::paused).toList();
        if (waiting.isEmpty()) {
            store.update(row.id(), StudyStore.COMPLETED, row.nextTrial(), clock.instant());
            return;
        }
        int epochs = waiting.get(0).epochsCompleted();
        if (waiting.stream().anyMatch(t -> t.epochsCompleted() != epochs)) {
            throw new IllegalStateException("study " + row.id() + "'s members wait at different epochs: " + waiting);
        }
        // every waiting member's row locked first: a cancel arriving now waits for the decision, so no checkpoint is copied
        // for a decision that then rolls back
        if (!queue.lockPaused(waiting.stream().map(StudyStore.TrialRow::experimentId).toList())) {
            return;
        }
        generation(row, spec, space, members, waiting, epochs / spec.effectivePopulation().effectiveInterval() - 1, epochs);
    }

    private void start(StudyStore.StudyRow row, StudyRequest spec, Space space) {
        Caller caller = new Caller(row.submittedBy(), false);
        int size = spec.effectivePopulation().effectiveSize();
        for (int n = 0; n < size; n++) {
            Map<String, Object> params = RandomSampler.draw(space, StudySpecs.random(spec, n));
            ExperimentView queued = admission.submit(StudySpecs.member(spec, row.id(), row.name(), n, Space.initialLr(params)), null, null,
                    caller);
            store.insertTrial(row.id(), n, StudyStore.SEARCH, queued.id(), specs.write(params));
        }
        store.update(row.id(), StudyStore.SEARCHING, size, null);
    }

    private void generation(StudyStore.StudyRow row, StudyRequest spec, Space space, List<StudyStore.TrialRow> members,
                            List<StudyStore.TrialRow> waiting, int generation, int epochs) {
        Objective objective = Objective.of(spec.objective());
        List<StudyStore.ExploitRow> earlier = store.exploits(row.id());
        Map<Integer, List<Double>> rates = rates(members, earlier);
        Map<Integer, StudyStore.TrialRow> byNumber = new HashMap<>();
        members.forEach(t -> byNumber.put(t.number(), t));
        List<Exploitation.Member> ranked = new ArrayList<>();
        Map<Integer, Double> values = new HashMap<>();
        for (StudyStore.TrialRow t : waiting) {
            double value = store.epochValue(t.experimentId(), epochs - 1).map(v -> objective.value(v.valAcc(), v.valLoss())).orElse(Double.NaN);
            values.put(t.number(), value);
            List<Double> own = rates.get(t.number());
            ranked.add(new Exploitation.Member(t.number(), objective.score(value), own.get(own.size() - 1)));
        }
        Random random = StudySpecs.random(spec, 1_000_003L * (generation + 1));
        List<Exploitation.Decision> decisions = Exploitation.decide(ranked, spec.effectivePopulation(), random,
                () -> Space.initialLr(RandomSampler.draw(space, random)), lr -> bounded(space, lr));
        for (Exploitation.Decision d : decisions) {
            if (store.exploitDecided(row.id(), generation, d.number())) {
                continue;
            }
            store.insertExploit(row.id(), new StudyStore.ExploitRow(generation, d.number(), epochs, values.get(d.number()), d.donor(), d.lr()));
            List<Double> plan = new ArrayList<>(rates.get(d.number()));
            plan.add(d.lr());
            Long donor = d.donor() == null ? null : byNumber.get(d.donor()).experimentId();
            if (!queue.exploit(byNumber.get(d.number()).experimentId(), donor, StudySpecs.piecewise(spec, plan))) {
                throw new IllegalStateException("study " + row.id() + " member " + d.number() + " was not paused at its exploit");
            }
            if (d.donor() != null) {
                log.info("Study {} generation {} (epoch {}): member {} takes member {}'s weights and trains on at lr {}", row.id(),
                        generation, epochs, d.number(), d.donor(), d.lr());
            }
        }
    }

    /** Each member's rate per generation so far: its initial rate, then the rate each decision gave it. */
    private Map<Integer, List<Double>> rates(List<StudyStore.TrialRow> members, List<StudyStore.ExploitRow> exploits) {
        Map<Integer, List<Double>> rates = new HashMap<>();
        for (StudyStore.TrialRow t : members) {
            List<Double> own = new ArrayList<>();
            own.add(Space.initialLr(specs.params(t.params())));
            rates.put(t.number(), own);
        }
        exploits.forEach(r -> rates.get(r.number()).add(r.lr()));
        return rates;
    }

    /** A perturbed rate kept within the space's initialLr: its range, or its values' span. */
    static double bounded(Space space, double lr) {
        Param p = space.params().stream().filter(q -> q.name().equals(Space.INITIAL_LR)).findFirst().orElseThrow();
        double low = p.categorical() ? p.choices().stream().mapToDouble(v -> ((Number) v).doubleValue()).min().orElseThrow() : p.low();
        double high = p.categorical() ? p.choices().stream().mapToDouble(v -> ((Number) v).doubleValue()).max().orElseThrow() : p.high();
        return Math.max(low, Math.min(high, lr));
    }
}
