package io.lrlab.sweep;

import io.lrlab.experiment.ExperimentStatus;
import io.lrlab.security.Caller;
import io.lrlab.experiment.ExperimentAdmission;
import io.lrlab.experiment.ExperimentRepository;
import io.lrlab.experiment.ExperimentRequest;
import io.lrlab.experiment.ExperimentSpec;
import io.lrlab.experiment.ExperimentView;
import io.lrlab.experiment.ExperimentViews;
import io.lrlab.error.InvalidInputException;
import io.lrlab.error.Violation;
import io.lrlab.error.NotFoundException;
import io.lrlab.schedule.ScheduleType;
import io.lrlab.stats.Summary;
import io.lrlab.stats.WelchTest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Queues grids of experiments as one sweep, all or nothing, and ranks them. */
@Service
public class SweepService {

    static final int MAX_EXPERIMENTS = 200;

    private final SweepRepository sweeps;
    private final ExperimentRepository experiments;
    private final ExperimentAdmission admission;
    private final ExperimentViews views;
    private final ObjectMapper json;
    private final TransactionTemplate tx;
    private final Clock clock;

    SweepService(SweepRepository sweeps, ExperimentRepository experiments, ExperimentAdmission admission, ExperimentViews views,
                 ObjectMapper json, TransactionTemplate tx, Clock clock) {
        this.sweeps = sweeps;
        this.experiments = experiments;
        this.admission = admission;
        this.views = views;
        this.json = json;
        this.tx = tx;
        this.clock = clock;
    }

    SweepView create(SweepRequest r, Caller caller) {
        List<Long> seeds = r.seeds() == null || r.seeds().isEmpty() ? List.of(ExperimentSpec.DEFAULT_SEED) : r.seeds();
        List<String> precisions = r.precisions() == null || r.precisions().isEmpty() ? java.util.Collections.singletonList(null)
                : r.precisions().stream().map(p -> p == null ? null : p.trim().toLowerCase(Locale.ROOT)).distinct().toList();
        int size = r.schedules().size() * r.initialLrs().size() * seeds.size() * precisions.size();
        if (size > MAX_EXPERIMENTS) {
            throw InvalidInputException.of("schedules", "the grid holds " + size + " experiments; at most " + MAX_EXPERIMENTS);
        }
        List<ExperimentRequest> grid = new ArrayList<>();
        for (String schedule : r.schedules()) {
            Map<String, Object> params = r.scheduleParams() == null ? null : r.scheduleParams().get(schedule);
            for (double lr : r.initialLrs()) {
                for (String precision : precisions) {
                    for (long seed : seeds) {
                        String name = (r.name() == null ? "sweep" : r.name()) + ": " + schedule + " lr=" + lr
                                + (precisions.size() > 1 ? " " + precision : "") + (seeds.size() > 1 ? " seed=" + seed : "");
                        grid.add(new ExperimentRequest(name, schedule, lr, r.epochs(), params, r.model(), r.batchSize(), r.momentum(),
                                r.weightDecay(), r.dataset(), r.trainLimit(), r.testLimit(), seed, r.tags(), r.priority(),
                                r.earlyStopping(), r.augment(), precision));
                    }
                }
            }
        }
        grid.forEach(g -> validateCell(g, r));
        Long id = tx.execute(s -> {
            admission.requireRoomFor(size);
            Sweep sweep = sweeps.save(new Sweep(r.name() == null ? "sweep" : r.name(), json.writeValueAsString(r), clock.instant()));
            grid.forEach(g -> admission.submit(g, sweep.getId(), r.medianStopping(), caller));
            return sweep.getId();
        });
        return get(id);
    }

    /**
     * Validates one cell of the grid, naming the sweep's own fields in what it finds: a cell's {@code initialLr} is an
     * element of {@code initialLrs}, its {@code schedule} one of {@code schedules}.
     */
    private void validateCell(ExperimentRequest cell, SweepRequest r) {
        try {
            admission.validate(cell, r.medianStopping());
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.violations().stream().map(v -> new Violation(sweepField(v.field(), cell, r), v.message())).toList());
        }
    }

    private static String sweepField(String field, ExperimentRequest cell, SweepRequest r) {
        if (field.equals("initialLr")) {
            return "initialLrs[" + r.initialLrs().indexOf(cell.initialLr()) + "]";
        }
        if (field.equals("schedule")) {
            return "schedules[" + r.schedules().indexOf(cell.schedule()) + "]";
        }
        if (field.startsWith("scheduleParams")) {
            return "scheduleParams." + cell.schedule() + field.substring("scheduleParams".length());
        }
        return field;
    }

    /** The reference experiment: the five schedules at lr 0.1, as its protocol runs them. */
    SweepView reference(ReferenceSweepRequest r, Caller caller) {
        ReferenceSweepRequest o = r == null ? new ReferenceSweepRequest(null, null, null, null, null, null) : r;
        List<String> schedules = ScheduleType.reference().stream().map(ScheduleType::id).toList();
        return create(new SweepRequest("reference", schedules, List.of(0.1), o.seed() == null ? null : List.of(o.seed()),
                o.epochs() == null ? 100 : o.epochs(), null, o.model(), o.batchSize(), null, null, null,
                o.trainLimit(), o.testLimit(), List.of("reference"), null, null, null, null, null), caller);
    }

    public SweepView get(long id) {
        Sweep sweep = sweeps.findById(id).orElseThrow(() -> NotFoundException.of("sweep " + id));
        List<ExperimentView> ranking = experiments.findBySweepIdOrderByIdAsc(id).stream().map(views::of)
                .sorted(Comparator.comparing((ExperimentView v) -> v.results() == null ? null : v.results().bestValAcc(),
                        Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(ExperimentView::id))
                .toList();
        return new SweepView(sweep.getId(), sweep.getName(), sweep.getCreatedAt(), ranking.size(), ranking, configurations(ranking),
                SweepView.Budget.of(ranking), paper(sweep, ranking));
    }

    /** He et al.'s protocol: its experiments, queued as one sweep. */
    SweepView he2016(He2016Request r, Caller caller) {
        He2016Request request = r == null ? new He2016Request(null, null, null, null) : r;
        List<ExperimentRequest> runs = He2016Protocol.experiments(request);
        if (runs.size() > MAX_EXPERIMENTS) {
            throw InvalidInputException.of("seeds", "the sweep holds " + runs.size() + " experiments; at most " + MAX_EXPERIMENTS);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("protocol", He2016Protocol.PROTOCOL);
        spec.put("request", request);
        return of(He2016Protocol.PROTOCOL, spec, runs, caller);
    }

    /**
     * A sweep of the given experiments, all or nothing: each is checked as a submission, then all are queued with the
     * sweep, whose statistics compare their configurations (schedule and initial rate) over their seeds.
     *
     * @param spec what made the sweep, stored with it
     */
    public SweepView of(String name, Object spec, List<ExperimentRequest> runs, Caller caller) {
        runs.forEach(run -> admission.validate(run, null));
        Long id = tx.execute(s -> {
            admission.requireRoomFor(runs.size());
            Sweep sweep = sweeps.save(new Sweep(name, json.writeValueAsString(spec), clock.instant()));
            runs.forEach(run -> admission.submit(run, sweep.getId(), null, caller));
            return sweep.getId();
        });
        return get(id);
    }

    private List<He2016Protocol.PaperComparison> paper(Sweep sweep, List<ExperimentView> ranking) {
        JsonNode spec;
        try {
            spec = json.readTree(sweep.getSpec());
        } catch (RuntimeException e) {
            return null;
        }
        if (!He2016Protocol.PROTOCOL.equals(spec.path("protocol").asString(""))) {
            return null;
        }
        JsonNode scale = spec.path("request").path("scale");
        return He2016Protocol.compare(ranking, scale.isNumber() ? scale.asDouble() : 1.0);
    }

    /** Groups the runs by schedule and initial rate, summarises each over its completed seeds, and tests each against the best. */
    static List<ConfigurationStats> configurations(List<ExperimentView> runs) {
        Map<String, List<ExperimentView>> groups = new LinkedHashMap<>();
        // a sweep over several networks (he2016's depths) or precisions names each configuration's network or precision too
        boolean models = runs.stream().map(v -> v.spec().model()).distinct().count() > 1;
        boolean precisions = runs.stream().map(v -> v.spec().precisionId()).distinct().count() > 1;
        runs.stream().sorted(Comparator.comparingLong(ExperimentView::id))
                .forEach(v -> groups.computeIfAbsent((models ? v.spec().model() + ": " : "") + ConfigurationStats.label(v.spec())
                        + (precisions ? " " + v.spec().precisionId() : ""), k -> new ArrayList<>()).add(v));
        Map<String, double[]> finals = new LinkedHashMap<>();
        groups.forEach((label, views) -> finals.put(label, completed(views).mapToDouble(v -> v.results().finalValAcc()).toArray()));
        String best = finals.entrySet().stream().filter(e -> e.getValue().length > 0)
                .max(Comparator.comparingDouble(e -> Arrays.stream(e.getValue()).average().orElse(Double.NaN)))
                .map(Map.Entry::getKey).orElse(null);
        List<ConfigurationStats> out = new ArrayList<>();
        groups.forEach((label, views) -> {
            ExperimentSpec spec = views.get(0).spec();
            double[] finalAcc = finals.get(label);
            double[] bestAcc = completed(views).mapToDouble(v -> v.results().bestValAcc()).toArray();
            boolean isBest = label.equals(best);
            OptionalDouble p = isBest || best == null ? OptionalDouble.empty() : WelchTest.pValue(finalAcc, finals.get(best));
            out.add(new ConfigurationStats(label, spec.schedule(), spec.initialLr(), views.size(), finalAcc.length,
                    finalAcc.length == 0 ? null : Summary.of(finalAcc), bestAcc.length == 0 ? null : Summary.of(bestAcc),
                    p.isPresent() ? p.getAsDouble() : null, isBest));
        });
        out.sort(Comparator.comparing((ConfigurationStats c) -> c.finalValAcc() == null ? null : c.finalValAcc().mean(),
                Comparator.nullsLast(Comparator.reverseOrder())));
        return out;
    }

    private static java.util.stream.Stream<ExperimentView> completed(List<ExperimentView> views) {
        // a run stopped by its own patience rule finished what it set out to learn; a pruned one did not
        return views.stream().filter(v -> (v.status() == ExperimentStatus.COMPLETED || v.status() == ExperimentStatus.STOPPED_EARLY)
                && v.results() != null
                && v.results().finalValAcc() != null && v.results().bestValAcc() != null);
    }
}
