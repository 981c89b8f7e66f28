package io.lrlab.experiment;

import io.lrlab.schedule.ScheduleType;
import io.lrlab.web.ProblemException;
import io.lrlab.web.ProblemType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/** Queues grids of experiments as one sweep, all or nothing, and ranks them. */
@Service
public class SweepService {

    static final int MAX_EXPERIMENTS = 200;

    private final SweepRepository sweeps;
    private final ExperimentRepository experiments;
    private final ExperimentService service;
    private final ExperimentViews views;
    private final ExperimentSettings settings;
    private final ObjectMapper json;
    private final TransactionTemplate tx;
    private final Clock clock;

    SweepService(SweepRepository sweeps, ExperimentRepository experiments, ExperimentService service, ExperimentViews views,
                 ExperimentSettings settings, ObjectMapper json, TransactionTemplate tx, Clock clock) {
        this.sweeps = sweeps;
        this.experiments = experiments;
        this.service = service;
        this.views = views;
        this.settings = settings;
        this.json = json;
        this.tx = tx;
        this.clock = clock;
    }

    SweepView create(SweepRequest r) {
        List<Long> seeds = r.seeds() == null || r.seeds().isEmpty() ? List.of(ExperimentSpec.DEFAULT_SEED) : r.seeds();
        int size = r.schedules().size() * r.initialLrs().size() * seeds.size();
        if (size > MAX_EXPERIMENTS) {
            throw ProblemException.invalid("schedules", "the grid holds " + size + " experiments; at most " + MAX_EXPERIMENTS);
        }
        if (experiments.countByStatus(ExperimentStatus.QUEUED) + size > settings.maxQueued()) {
            throw new ProblemException(ProblemType.QUEUE_FULL, "the sweep's " + size + " experiments would exceed the queue limit of "
                    + settings.maxQueued());
        }
        List<ExperimentRequest> grid = new ArrayList<>();
        for (String schedule : r.schedules()) {
            Map<String, Object> params = r.scheduleParams() == null ? null : r.scheduleParams().get(schedule);
            for (double lr : r.initialLrs()) {
                for (long seed : seeds) {
                    String name = (r.name() == null ? "sweep" : r.name()) + ": " + schedule + " lr=" + lr + (seeds.size() > 1 ? " seed=" + seed : "");
                    grid.add(new ExperimentRequest(name, schedule, lr, r.epochs(), params, r.model(), r.batchSize(), r.momentum(),
                            r.weightDecay(), r.dataset(), r.trainLimit(), r.testLimit(), seed, r.tags(), r.priority()));
                }
            }
        }
        grid.forEach(service::validate);
        Long id = tx.execute(s -> {
            Sweep sweep = sweeps.save(new Sweep(r.name() == null ? "sweep" : r.name(), json.writeValueAsString(r), clock.instant()));
            grid.forEach(g -> service.submit(g, sweep.getId()));
            return sweep.getId();
        });
        return get(id);
    }

    /** The reference experiment: the five schedules at lr 0.1, as its protocol runs them. */
    SweepView reference(ReferenceSweepRequest r) {
        ReferenceSweepRequest o = r == null ? new ReferenceSweepRequest(null, null, null, null, null, null) : r;
        List<String> schedules = ScheduleType.reference().stream().map(ScheduleType::id).toList();
        return create(new SweepRequest("reference", schedules, List.of(0.1), o.seed() == null ? null : List.of(o.seed()),
                o.epochs() == null ? 100 : o.epochs(), null, o.model(), o.batchSize(), null, null, null,
                o.trainLimit(), o.testLimit(), List.of("reference"), null));
    }

    public SweepView get(long id) {
        Sweep sweep = sweeps.findById(id).orElseThrow(() -> ProblemException.notFound("sweep " + id));
        List<ExperimentView> ranking = experiments.findBySweepIdOrderByIdAsc(id).stream().map(views::of)
                .sorted(Comparator.comparing((ExperimentView v) -> v.results() == null ? null : v.results().bestValAcc(),
                        Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(ExperimentView::id))
                .toList();
        return new SweepView(sweep.getId(), sweep.getName(), sweep.getCreatedAt(), ranking.size(), ranking);
    }
}
