package io.lrlab.study;

import io.lrlab.stats.Summary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Assembles a study's view from its rows: trials, best, budget, rung costs and parameter importance. */
@Component
class StudyViews {

    /** The forest's seed: the same trials always give the same importances. */
    static final long IMPORTANCE_SEED = 20011001L;
    static final int MIN_FOR_IMPORTANCE = 8;

    private final StudyStore store;
    private final StudySpecs specs;

    StudyViews(StudyStore store, StudySpecs specs) {
        this.store = store;
        this.specs = specs;
    }

    StudyView of(StudyStore.StudyRow row) {
        StudyRequest spec = specs.read(row);
        Space space = Space.compile(StudySpecs.space(spec), spec.epochs());
        Objective objective = Objective.of(spec.objective());
        Pruner pruner = StudySpecs.pruner(spec);
        List<Integer> rungEpochs = "asha".equals(pruner.effectiveType())
                ? SuccessiveHalving.rungs(pruner.effectiveMinEpochs(), pruner.effectiveEta(), spec.epochs()) : null;
        List<StudyStore.TrialRow> rows = store.trials(row.id());
        Map<Long, List<StudyStore.EpochValue>> curves = store.epochValues(row.id()).stream()
                .collect(Collectors.groupingBy(StudyStore.EpochValue::experimentId, LinkedHashMap::new, Collectors.toList()));
        List<StudyStore.RungRow> rungRows = store.rungs(row.id());
        Map<Integer, Long> passed = rungRows.stream().filter(StudyStore.RungRow::promoted)
                .collect(Collectors.groupingBy(StudyStore.RungRow::number, Collectors.counting()));
        List<StudyView.Trial> trials = new ArrayList<>();
        for (StudyStore.TrialRow t : rows) {
            List<StudyStore.EpochValue> curve = t.experimentId() == null ? List.of() : curves.getOrDefault(t.experimentId(), List.of());
            Double value = curve.isEmpty() ? null : finite(objective.value(curve.get(curve.size() - 1).valAcc(), curve.get(curve.size() - 1).valLoss()));
            List<Double> atRungs = rungRows.stream().filter(r -> r.number() == t.number()).map(r -> finite(r.value())).toList();
            trials.add(new StudyView.Trial(t.number(), t.kind(), t.experimentId(), specs.params(t.params()), t.status(), t.epochsCompleted(),
                    rungEpochs == null ? null : passed.getOrDefault(t.number(), 0L).intValue(), rungEpochs == null ? null : atRungs, value));
        }
        List<StudyView.Trial> search = trials.stream().filter(t -> StudyStore.SEARCH.equals(t.kind())).toList();
        List<StudyView.Trial> completed = search.stream().filter(t -> complete(t.status()) && t.value() != null).toList();
        StudyView.Best best = best(completed, trials, objective);
        return new StudyView(row.id(), row.name(), row.state(), row.createdAt(), row.finishedAt(),
                spec.pbt() ? null : spec.sampler() == null ? "tpe" : spec.sampler(), objective.id(), pruner, rungEpochs, best,
                budget(spec, space, search), trials, rungEpochs == null ? null : rungs(rungEpochs, rungRows, completed, curves, objective, pruner),
                spec.pbt() ? null : importance(space, completed, objective), spec.pbt() ? StudyRequest.PBT : "search",
                spec.pbt() ? populationOf(spec) : null, spec.pbt() ? exploits(row.id()) : null);
    }

    private static Population populationOf(StudyRequest spec) {
        Population p = spec.effectivePopulation();
        return new Population(p.effectiveSize(), p.effectiveInterval(), p.effectiveQuantile(), p.effectiveResample());
    }

    private List<StudyView.Exploit> exploits(long studyId) {
        return store.exploits(studyId).stream()
                .map(r -> new StudyView.Exploit(r.generation(), r.epochs(), r.number(), finite(r.value()), r.donor(), r.lr())).toList();
    }

    StudyLine line(StudyStore.StudyRow row) {
        return new StudyLine(row.id(), row.name(), row.state(), row.createdAt(), row.finishedAt());
    }

    private static boolean complete(String status) {
        return "COMPLETED".equals(status) || "STOPPED_EARLY".equals(status);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static StudyView.Best best(List<StudyView.Trial> completed, List<StudyView.Trial> all, Objective objective) {
        return completed.stream().max(Comparator.comparingDouble(t -> objective.score(t.value()))).map(b -> {
            List<StudyView.Trial> confirm = all.stream().filter(t -> StudyStore.CONFIRM.equals(t.kind())).toList();
            double[] values = confirm.stream().filter(t -> complete(t.status()) && t.value() != null).mapToDouble(StudyView.Trial::value).toArray();
            return new StudyView.Best(b.number(), b.params(), b.value(), values.length == 0 ? null : Summary.of(values),
                    confirm.isEmpty() ? null : confirm.stream().map(StudyView.Trial::experimentId).toList());
        }).orElse(null);
    }

    private static StudyView.Budget budget(StudyRequest spec, Space space, List<StudyView.Trial> search) {
        long trained = search.stream().mapToLong(t -> t.epochsCompleted() == null ? 0 : t.epochsCompleted()).sum();
        long full = (long) search.size() * spec.epochs();
        List<StudyView.Trial> pruned = search.stream().filter(t -> "PRUNED".equals(t.status())).toList();
        long saved = pruned.stream().mapToLong(t -> spec.epochs() - (t.epochsCompleted() == null ? 0 : t.epochsCompleted())).sum();
        long size = space.gridSize();
        Long grid = space.firstRange().isPresent() || size > Long.MAX_VALUE / spec.epochs() ? null : size * spec.epochs();
        long epochBudget = StudySpecs.epochBudget(spec);
        return new StudyView.Budget(search.size(), StudySpecs.trialBudget(spec, space), epochBudget == Long.MAX_VALUE ? null : epochBudget,
                trained, full, grid, saved, pruned.size());
    }

    private static List<StudyView.Rung> rungs(List<Integer> rungEpochs, List<StudyStore.RungRow> rows, List<StudyView.Trial> completed,
                                               Map<Long, List<StudyStore.EpochValue>> curves, Objective objective, Pruner pruner) {
        double[] finals = completed.stream().mapToDouble(t -> objective.score(t.value())).sorted().toArray();
        int top = (int) Math.ceil(finals.length * 0.25);
        double topCut = finals.length == 0 ? Double.NaN : finals[finals.length - top];
        List<StudyView.Rung> out = new ArrayList<>();
        for (int k = 0; k < rungEpochs.size(); k++) {
            int rung = k;
            int epochs = rungEpochs.get(k);
            List<StudyStore.RungRow> at = rows.stream().filter(r -> r.rung() == rung).toList();
            double[] scores = at.stream().mapToDouble(r -> objective.score(r.value())).filter(Double::isFinite).sorted().toArray();
            int keep = Math.max(1, scores.length / pruner.effectiveEta());
            double cut = scores.length == 0 ? Double.NaN : scores[scores.length - keep];
            List<double[]> pairs = new ArrayList<>();
            int below = 0;
            int belowTop = 0;
            for (StudyView.Trial t : completed) {
                Double atRung = valueAt(curves.get(t.experimentId()), epochs - 1, objective);
                if (atRung == null) {
                    continue;
                }
                double s = objective.score(atRung);
                double f = objective.score(t.value());
                pairs.add(new double[] {s, f});
                if (s < cut) {
                    below++;
                    if (f >= topCut) {
                        belowTop++;
                    }
                }
            }
            out.add(new StudyView.Rung(rung, epochs, at.size(), (int) at.stream().filter(StudyStore.RungRow::promoted).count(), pairs.size(),
                    below, belowTop, pairs.size() < 3 ? null : finite(spearman(pairs))));
        }
        return out;
    }

    private static Double valueAt(List<StudyStore.EpochValue> curve, int epoch, Objective objective) {
        if (curve == null) {
            return null;
        }
        return curve.stream().filter(v -> v.epoch() == epoch).findFirst().map(v -> objective.value(v.valAcc(), v.valLoss()))
                .filter(Double::isFinite).orElse(null);
    }

    static double spearman(List<double[]> pairs) {
        double[] a = ranks(pairs.stream().mapToDouble(p -> p[0]).toArray());
        double[] b = ranks(pairs.stream().mapToDouble(p -> p[1]).toArray());
        return new org.apache.commons.math3.stat.correlation.PearsonsCorrelation().correlation(a, b);
    }

    private static double[] ranks(double[] values) {
        return new org.apache.commons.math3.stat.ranking.NaturalRanking().rank(values);
    }

    /**
     * Each parameter's permutation importance in a random forest over the completed trials ({@link ForestImportance}),
     * largest first; absent below {@link #MIN_FOR_IMPORTANCE} completed trials. Seeded, so a study's view is stable.
     */
    static List<StudyView.Importance> importance(Space space, List<StudyView.Trial> completed, Objective objective) {
        if (completed.size() < MIN_FOR_IMPORTANCE) {
            return null;
        }
        List<StudyView.Importance> out = new ArrayList<>();
        ForestImportance.of(space, completed, IMPORTANCE_SEED).forEach((name, share) -> out.add(new StudyView.Importance(name, share)));
        out.sort(Comparator.comparingDouble(StudyView.Importance::share).reversed());
        return out;
    }
}
