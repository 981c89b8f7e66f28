package io.lrlab.experiment;

import io.lrlab.model.ModelPreset;
import io.lrlab.schedule.Schedules;
import io.lrlab.system.Directories;
import io.lrlab.training.ClassificationReport;
import io.lrlab.training.EpochMetrics;
import io.lrlab.web.ProblemException;
import io.lrlab.web.ProblemType;
import jakarta.persistence.criteria.JoinType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/** Submits, finds, cancels, retries and deletes experiments; the API's only way into the experiment tables. */
@Service
public class ExperimentService {

    static final int MAX_PAGE_SIZE = 100;
    private static final Set<String> SORTABLE = Set.of("id", "createdAt", "name", "status", "schedule", "bestValAcc", "finalValAcc", "priority");

    private final ExperimentRepository experiments;
    private final EpochMetricRepository metrics;
    private final ExperimentReportRepository reports;
    private final ExperimentViews views;
    private final ExperimentEvents events;
    private final CancellationSignals cancellations;
    private final ModelCatalog models;
    private final ExperimentSettings settings;
    private final ObjectMapper json;
    private final TransactionTemplate tx;
    private final Clock clock;

    ExperimentService(ExperimentRepository experiments, EpochMetricRepository metrics, ExperimentReportRepository reports,
                      ExperimentViews views, ExperimentEvents events, CancellationSignals cancellations, ModelCatalog models,
                      ExperimentSettings settings, ObjectMapper json, TransactionTemplate tx, Clock clock) {
        this.experiments = experiments;
        this.metrics = metrics;
        this.reports = reports;
        this.views = views;
        this.events = events;
        this.cancellations = cancellations;
        this.models = models;
        this.settings = settings;
        this.json = json;
        this.tx = tx;
        this.clock = clock;
    }

    public ExperimentView submit(ExperimentRequest request) {
        return submit(request, null);
    }

    ExperimentView submit(ExperimentRequest request, Long sweepId) {
        ExperimentSpec spec = validate(request);
        if (experiments.countByStatus(ExperimentStatus.QUEUED) >= settings.maxQueued()) {
            throw new ProblemException(ProblemType.QUEUE_FULL, "the queue already holds " + settings.maxQueued()
                    + " experiments; wait for some to finish or cancel some");
        }
        Experiment saved = experiments.save(new Experiment(spec, json.writeValueAsString(spec), sweepId, clock.instant()));
        return views.of(saved);
    }

    /** Checks the whole request and fills in defaults; every broken rule is a 400 naming its field. */
    ExperimentSpec validate(ExperimentRequest request) {
        Schedules.Built built = Schedules.build(request.schedule(), request.initialLr(), request.epochs(),
                request.scheduleParams(), "scheduleParams");
        ModelPreset preset = ModelPreset.fromId(request.model() == null ? ExperimentSpec.DEFAULT_MODEL : request.model())
                .orElseThrow(() -> ProblemException.invalid("model", "unknown model '" + request.model() + "'; one of " + ModelPreset.ids()));
        ExperimentSpec spec = ExperimentSpec.of(request, built.type().id(), preset.id(), built.params().asMap());
        int images = spec.trainImages();
        double cost = (double) spec.epochs() * images * models.parameters(preset) / 1e9;
        if (cost > settings.maxCost()) {
            throw new ProblemException(ProblemType.OVER_BUDGET, String.format(Locale.ROOT,
                    "this experiment costs %.0f units (epochs %d x images %d x parameters %d / 1e9) and the budget is %.0f; "
                            + "use fewer epochs, a trainLimit or a smaller model", cost, spec.epochs(), images,
                    models.parameters(preset), settings.maxCost()));
        }
        return spec;
    }

    public ExperimentView get(long id) {
        return views.of(find(id));
    }

    public Page<ExperimentView> list(ExperimentStatus status, String schedule, String tag, String name, int page, int size, String sort) {
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ProblemException.invalid("size", "must be in [1, " + MAX_PAGE_SIZE + "]");
        }
        if (page < 0) {
            throw ProblemException.invalid("page", "must be >= 0");
        }
        Specification<Experiment> where = (root, q, cb) -> cb.conjunction();
        if (status != null) {
            where = where.and((root, q, cb) -> cb.equal(root.get("status"), status));
        }
        if (schedule != null && !schedule.isBlank()) {
            where = where.and((root, q, cb) -> cb.equal(root.get("schedule"), schedule.trim().toLowerCase(Locale.ROOT)));
        }
        if (name != null && !name.isBlank()) {
            String pattern = "%" + name.trim().toLowerCase(Locale.ROOT).replace("%", "\\%").replace("_", "\\_") + "%";
            where = where.and((root, q, cb) -> cb.like(cb.lower(root.get("name")), pattern, '\\'));
        }
        if (tag != null && !tag.isBlank()) {
            where = where.and((root, q, cb) -> {
                q.distinct(true);
                return cb.equal(root.join("tags", JoinType.INNER), tag.trim());
            });
        }
        return experiments.findAll(where, PageRequest.of(page, size, sort(sort))).map(views::of);
    }

    private static Sort sort(String sort) {
        if (sort == null || sort.isBlank()) {
            return Sort.by(Sort.Direction.DESC, "id");
        }
        String[] parts = sort.split(",");
        String property = parts[0].trim();
        if (!SORTABLE.contains(property)) {
            throw ProblemException.invalid("sort", "must be one of " + String.join(", ", SORTABLE) + ", optionally ',asc' or ',desc'");
        }
        Sort.Direction direction = parts.length > 1 && parts[1].trim().equalsIgnoreCase("asc") ? Sort.Direction.ASC : Sort.Direction.DESC;
        return Sort.by(direction, property).and(Sort.by(Sort.Direction.DESC, "id"));
    }

    public List<EpochMetrics> metrics(long id) {
        find(id);
        return metrics.findByExperiment(id).stream().map(EpochMetric::toMetrics).toList();
    }

    /** Epoch metrics of several experiments at once, in the order of {@code ids}. */
    public Map<Long, List<EpochMetrics>> metrics(List<Long> ids) {
        Map<Long, List<EpochMetrics>> out = new java.util.LinkedHashMap<>();
        ids.forEach(id -> out.put(id, new java.util.ArrayList<>()));
        for (EpochMetric m : metrics.findByExperiments(ids)) {
            out.get(m.experimentId()).add(m.toMetrics());
        }
        return out;
    }

    public ClassificationReport report(long id) {
        Experiment e = find(id);
        return reports.findById(id).map(r -> json.readValue(r.getReport(), ClassificationReport.class))
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "experiment " + id + " is " + e.getStatus()
                        + " and has no classification report; reports exist once an experiment COMPLETED"));
    }

    public Path modelFile(long id) {
        find(id);
        Path file = settings.experimentsDir().resolve(Long.toString(id)).resolve("checkpoint.zip");
        if (!Files.isRegularFile(file)) {
            throw new ProblemException(ProblemType.NOT_FOUND, "experiment " + id + " has no trained model yet");
        }
        return file;
    }

    /**
     * Cancels a queued experiment at once, or asks the worker of a running one to stop before its next batch.
     * why conditional updates: the worker writes the row every epoch, so a read-modify-write of the entity would
     * race with it.
     */
    public ExperimentView cancel(long id) {
        for (int attempt = 0; attempt < 3; attempt++) {
            ExperimentStatus status = find(id).getStatus();
            if (!status.canMoveTo(ExperimentStatus.CANCELLED)) {
                throw new IllegalTransitionException(id, status, ExperimentStatus.CANCELLED);
            }
            if (status == ExperimentStatus.QUEUED && updated(() -> experiments.cancelQueued(id, clock.instant()))) {
                ExperimentView view = get(id);
                events.finish(id, view);
                return view;
            }
            if (status == ExperimentStatus.RUNNING && updated(() -> experiments.requestCancel(id))) {
                cancellations.signal(id);
                return get(id);
            }
        }
        throw new IllegalTransitionException("experiment " + id + " changed while being cancelled; try again");
    }

    private boolean updated(java.util.function.IntSupplier update) {
        Integer rows = tx.execute(s -> update.getAsInt());
        return rows != null && rows == 1;
    }

    public ExperimentView retry(long id) {
        Experiment e = find(id);
        return submit(views.spec(e).toRequest(), e.getSweepId());
    }

    public void delete(long id) {
        try {
            tx.executeWithoutResult(s -> {
                Experiment e = find(id);
                if (e.getStatus() == ExperimentStatus.RUNNING) {
                    throw new IllegalTransitionException("experiment " + id + " is RUNNING; cancel it first, then delete it");
                }
                experiments.delete(e);
                experiments.flush();
            });
        } catch (OptimisticLockingFailureException e) {
            throw new IllegalTransitionException("experiment " + id + " changed while being deleted (a worker claimed it); try again");
        }
        try {
            Directories.deleteRecursively(settings.experimentsDir().resolve(Long.toString(id)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    Experiment find(long id) {
        return experiments.findById(id).orElseThrow(() -> ProblemException.notFound("experiment " + id));
    }
}
