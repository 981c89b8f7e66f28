package io.lrlab.study;

import io.lrlab.error.ConflictException;
import io.lrlab.error.InvalidInputException;
import io.lrlab.error.NotFoundException;
import io.lrlab.experiment.ExperimentQueries;
import io.lrlab.experiment.ExperimentRequest;
import io.lrlab.experiment.ExperimentView;
import io.lrlab.security.Caller;
import io.lrlab.sweep.SweepService;
import io.lrlab.sweep.SweepView;
import io.lrlab.training.EpochMetrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/** What a population-based training study hands back: its discovered schedule, and that schedule replayed from scratch. */
@Service
class PopulationSchedules {

    static final List<Long> DEFAULT_SEEDS = List.of(1L, 2L, 3L);

    private final StudyStore store;
    private final StudySpecs specs;
    private final ExperimentQueries experiments;
    private final SweepService sweeps;

    PopulationSchedules(StudyStore store, StudySpecs specs, ExperimentQueries experiments, SweepService sweeps) {
        this.store = store;
        this.specs = specs;
        this.experiments = experiments;
        this.sweeps = sweeps;
    }

    /** The best member's lineage; a 409 for a search study and while the population trains. */
    DiscoveredSchedule discovered(long id) {
        return discovered(store.find(id).orElseThrow(() -> NotFoundException.of("study " + id)));
    }

    private DiscoveredSchedule discovered(StudyStore.StudyRow row) {
        long id = row.id();
        StudyRequest spec = specs.read(row);
        if (!spec.pbt()) {
            throw new ConflictException("study " + id + " is a search, not population-based training: its best configuration is in GET "
                    + "/api/studies/" + id);
        }
        if (!StudyStore.COMPLETED.equals(row.state())) {
            throw new ConflictException("study " + id + " is " + row.state() + ": its schedule is known once the population has trained");
        }
        Objective objective = Objective.of(spec.objective());
        List<StudyStore.TrialRow> members = store.trials(id).stream().filter(t -> StudyStore.SEARCH.equals(t.kind())).toList();
        Map<Integer, Long> experimentOf = new HashMap<>();
        Map<Integer, Double> initialLr = new HashMap<>();
        members.forEach(t -> {
            experimentOf.put(t.number(), t.experimentId());
            initialLr.put(t.number(), Space.initialLr(specs.params(t.params())));
        });
        Map<Long, List<EpochMetrics>> metrics = experiments.metrics(members.stream().map(StudyStore.TrialRow::experimentId)
                .filter(java.util.Objects::nonNull).toList());
        StudyStore.TrialRow best = members.stream().filter(t -> "COMPLETED".equals(t.status()) && t.experimentId() != null)
                .filter(t -> last(metrics.get(t.experimentId()), spec.epochs()) != null)
                .max(Comparator.comparingDouble((StudyStore.TrialRow t) -> score(objective, last(metrics.get(t.experimentId()), spec.epochs())))
                        .thenComparing(Comparator.comparingInt(StudyStore.TrialRow::number).reversed()))
                .orElseThrow(() -> new ConflictException("study " + id + " has no member that completed its " + spec.epochs() + " epochs"));
        List<Lineage.Step> steps = Lineage.of(best.number(), initialLr, store.exploits(id), spec.epochs());
        List<DiscoveredSchedule.Epoch> lineage = new ArrayList<>();
        for (Lineage.Step s : steps) {
            Long experiment = experimentOf.get(s.member());
            EpochMetrics m = epoch(metrics.get(experiment), s.epoch());
            lineage.add(new DiscoveredSchedule.Epoch(s.epoch(), s.member(), experiment, s.rate(), m == null ? null : m.actualLr()));
        }
        Map<String, Object> params = Lineage.piecewise(steps);
        boolean constant = ((List<?>) params.get("boundaries")).isEmpty();
        EpochMetrics end = last(metrics.get(best.experimentId()), spec.epochs());
        return new DiscoveredSchedule(id, best.number(), best.experimentId(), objective.value(end.valAcc(), end.valLoss()),
                constant ? "none" : StudySpecs.PBT_SCHEDULE, steps.get(0).rate(), spec.epochs(), constant ? null : params, lineage);
    }

    /** The discovered schedule and the baseline, each trained from scratch with every seed, as one sweep. */
    SweepView replay(long id, ReplayRequest request, Caller caller) {
        StudyStore.StudyRow row = store.find(id).orElseThrow(() -> NotFoundException.of("study " + id));
        DiscoveredSchedule discovered = discovered(row);
        StudyRequest spec = specs.read(row);
        List<Long> seeds = request == null || request.seeds() == null ? DEFAULT_SEEDS : request.seeds();
        ReplayRequest.Baseline baseline = request == null || request.baseline() == null ? handMade(id, discovered) : request.baseline();
        if (baseline.schedule() == null || baseline.initialLr() == null) {
            throw InvalidInputException.of("baseline", "needs schedule and initialLr");
        }
        List<ExperimentRequest> runs = new ArrayList<>();
        String name = row.name();
        for (long seed : seeds) {
            runs.add(StudySpecs.request(spec, id, name + " replay: discovered, seed " + seed, discovered.schedule(), discovered.initialLr(),
                    discovered.scheduleParams(), seed));
        }
        for (long seed : seeds) {
            runs.add(StudySpecs.request(spec, id, name + " replay: " + baseline.schedule() + " lr=" + baseline.initialLr() + ", seed " + seed,
                    baseline.schedule(), baseline.initialLr(), baseline.scheduleParams(), seed));
        }
        Map<String, Object> made = new LinkedHashMap<>();
        made.put("replayOf", id);
        made.put("discovered", discovered);
        made.put("baseline", baseline);
        made.put("seeds", seeds);
        try {
            return sweeps.of("study " + id + " replay", made, runs, caller);
        } catch (InvalidInputException e) {
            // the baseline's fields, as the caller named them
            throw new InvalidInputException(e.violations().stream().map(v -> new io.lrlab.error.Violation(
                    v.field().equals("schedule") || v.field().equals("initialLr") || v.field().startsWith("scheduleParams")
                            ? "baseline." + v.field() : v.field(), v.message())).toList());
        }
    }

    private ReplayRequest.Baseline handMade(long id, DiscoveredSchedule discovered) {
        ExperimentView member = experiments.get(discovered.experimentId());
        return experiments.bestHandMade(member.spec())
                .map(v -> new ReplayRequest.Baseline(v.spec().schedule(), v.spec().initialLr(), v.spec().scheduleParams()))
                .orElseThrow(() -> InvalidInputException.of("baseline", "no completed experiment outside a study trained "
                        + member.spec().model() + " on " + member.spec().dataset() + " for " + member.spec().epochs()
                        + " epochs with the members' limits; name the schedule to compare with"));
    }

    private static EpochMetrics last(List<EpochMetrics> curve, int epochs) {
        return epoch(curve, epochs - 1);
    }

    private static EpochMetrics epoch(List<EpochMetrics> curve, int epoch) {
        return curve == null ? null : curve.stream().filter(m -> m.epoch() == epoch).findFirst().orElse(null);
    }

    private static double score(Objective objective, EpochMetrics m) {
        return objective.score(objective.value(m.valAcc(), m.valLoss()));
    }
}
