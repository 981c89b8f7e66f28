package io.lrlab.experiment;

import io.lrlab.error.InvalidInputException;
import io.lrlab.error.NotFoundException;
import io.lrlab.schedule.ScheduleType;
import io.lrlab.training.ClassificationReport;
import io.lrlab.training.EpochMetrics;
import io.lrlab.training.RangeTest;
import io.lrlab.web.PageView;
import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.JoinType;
import jakarta.persistence.criteria.Root;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.query.QueryUtils;
import org.springframework.stereotype.Service;
import tools.jackson.databind.ObjectMapper;

/** Reads experiments: views, pages with filters, epoch metrics, reports and the trained model's file. */
@Service
public class ExperimentQueries {

    static final int MAX_PAGE_SIZE = 100;
    /**
     * Listings count matching experiments up to this many; beyond, the total is this figure with {@code totalExact} false,
     * so that a page costs the same whether a filter matches a thousand experiments or fifty thousand.
     */
    public static final int TOTAL_CAP = 1_000;
    /** Deeper pages cost an ever longer scan to skip; past this one, filters are the way to narrow a listing. */
    static final int MAX_PAGE = 10_000;
    /** What a tag may hold: the rule {@link ExperimentRequest} applies on submission. */
    private static final java.util.regex.Pattern TAG = java.util.regex.Pattern.compile(ExperimentRequest.TAG_PATTERN);
    private static final Set<String> SORTABLE = Set.of("id", "createdAt", "name", "status", "schedule", "bestValAcc", "finalValAcc", "priority");

    private final ExperimentRepository experiments;
    private final EpochMetricRepository metrics;
    private final ExperimentReportRepository reports;
    private final ExperimentViews views;
    private final ExperimentArtifacts artifacts;
    private final ObjectMapper json;
    private final EntityManager entities;

    ExperimentQueries(ExperimentRepository experiments, EpochMetricRepository metrics, ExperimentReportRepository reports,
                      ExperimentViews views, ExperimentArtifacts artifacts, ObjectMapper json, EntityManager entities) {
        this.entities = entities;
        this.experiments = experiments;
        this.metrics = metrics;
        this.reports = reports;
        this.views = views;
        this.artifacts = artifacts;
        this.json = json;
    }

    /**
     * The completed experiment with the highest final validation accuracy among those trained like {@code like} (network,
     * data set, epochs, image limits, batch, augmentation, precision) that no study queued (none carries a
     * {@code study-} tag): the best schedule a user wrote by hand for that setting.
     */
    public Optional<ExperimentView> bestHandMade(ExperimentSpec like) {
        return entities.createQuery("""
                        SELECT e FROM Experiment e
                         WHERE e.model = :model AND e.dataset = :dataset AND e.epochs = :epochs AND e.finalValAcc IS NOT NULL
                           AND e.status = io.lrlab.experiment.ExperimentStatus.COMPLETED
                           AND NOT EXISTS (SELECT 1 FROM Experiment x JOIN x.tags t WHERE x = e AND t LIKE 'study-%')
                         ORDER BY e.finalValAcc DESC, e.id""", Experiment.class)
                .setParameter("model", like.model()).setParameter("dataset", like.dataset()).setParameter("epochs", like.epochs())
                .setMaxResults(200).getResultList().stream().map(views::of)
                .filter(v -> v.spec().trainLimit() == like.trainLimit() && v.spec().testLimit() == like.testLimit()
                        && v.spec().batchSize() == like.batchSize() && v.spec().augment() == like.augment()
                        && v.spec().precisionId().equals(like.precisionId()))
                .findFirst();
    }

    public ExperimentView get(long id) {
        return views.of(find(id));
    }

    /** What a listing selects; null or blank fields select everything. */
    public record Filter(ExperimentStatus status, String schedule, String tag, String name, Long sweep) {
    }

    public PageView<ExperimentView> list(Filter filter, int page, int size, String sort) {
        ExperimentStatus status = filter.status();
        String schedule = filter.schedule();
        String tag = filter.tag();
        String name = filter.name();
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw InvalidInputException.of("size", "must be in [1, " + MAX_PAGE_SIZE + "]");
        }
        if (page < 0) {
            throw InvalidInputException.of("page", "must be >= 0");
        }
        if (page > MAX_PAGE) {
            throw InvalidInputException.of("page", "must be <= " + MAX_PAGE + "; narrow the listing with filters");
        }
        // a filter no experiment can match is a mistake worth saying, not an empty page
        if (schedule != null && !schedule.isBlank() && ScheduleType.fromId(schedule.trim().toLowerCase(Locale.ROOT)).isEmpty()) {
            throw InvalidInputException.of("schedule", "must be one of " + ScheduleType.ids());
        }
        if (tag != null && !tag.isBlank() && !TAG.matcher(tag.trim()).matches()) {
            throw InvalidInputException.of("tag", "a tag is 1 to 50 letters, digits, '.', '_' or '-'");
        }
        if (filter.sweep() != null && filter.sweep() < 1) {
            throw InvalidInputException.of("sweep", "must be a sweep's id (>= 1)");
        }
        Specification<Experiment> where = (root, q, cb) -> cb.conjunction();
        if (status != null) {
            where = where.and((root, q, cb) -> cb.equal(root.get("status"), status));
        }
        if (filter.sweep() != null) {
            where = where.and((root, q, cb) -> cb.equal(root.get("sweepId"), filter.sweep()));
        }
        if (schedule != null && !schedule.isBlank()) {
            where = where.and((root, q, cb) -> cb.equal(root.get("schedule"), schedule.trim().toLowerCase(Locale.ROOT)));
        }
        if (name != null && !name.isBlank()) {
            String pattern = "%" + name.trim().toLowerCase(Locale.ROOT).replace("%", "\\%").replace("_", "\\_") + "%";
            where = where.and((root, q, cb) -> cb.like(cb.lower(root.get("name")), pattern, '\\'));
        }
        if (tag != null && !tag.isBlank()) {
            // (experiment, tag) is the tag table's key: the join yields each experiment once, no DISTINCT needed
            where = where.and((root, q, cb) -> cb.equal(root.join("tags", JoinType.INNER), tag.trim()));
        }
        return page(where, page, size, sort(sort));
    }

    /**
     * A page of the experiments {@code where} selects, and how many there are: exactly up to {@link #TOTAL_CAP}, then
     * that figure with {@code totalExact} false, so a listing costs the same however many experiments match.
     */
    private PageView<ExperimentView> page(Specification<Experiment> where, int page, int size, Sort sort) {
        CriteriaBuilder cb = entities.getCriteriaBuilder();
        CriteriaQuery<Experiment> select = cb.createQuery(Experiment.class);
        Root<Experiment> root = select.from(Experiment.class);
        select.select(root).where(where.toPredicate(root, select, cb)).orderBy(QueryUtils.toOrders(sort, root, cb));
        List<Experiment> content = entities.createQuery(select).setFirstResult(page * size).setMaxResults(size).getResultList();
        long offset = (long) page * size;
        long total;
        boolean exact = true;
        if (!content.isEmpty() && content.size() < size) {
            total = offset + content.size();
        } else {
            // one bounded statement: the ids of at most TOTAL_CAP + 1 matches, read from the filter's index, say both
            // whether the cap is passed and, below it, the exact count; no count ever walks more matches than that
            CriteriaQuery<Long> ids = cb.createQuery(Long.class);
            Root<Experiment> probe = ids.from(Experiment.class);
            ids.select(probe.get("id")).where(where.toPredicate(probe, ids, cb));
            int matches = entities.createQuery(ids).setMaxResults(TOTAL_CAP + 1).getResultList().size();
            exact = matches <= TOTAL_CAP;
            // a full page read past the cap still counts up to itself, so that totalPages never falls behind page
            total = exact ? matches : Math.max(TOTAL_CAP, offset + content.size());
        }
        int pages = (int) ((total + size - 1) / size);
        return new PageView<>(content.stream().map(views::of).toList(), page, size, total, pages, exact);
    }

    private static Sort sort(String sort) {
        if (sort == null || sort.isBlank()) {
            return Sort.by(Sort.Direction.DESC, "id");
        }
        String[] parts = sort.split(",", -1);
        String property = parts[0].trim();
        if (!SORTABLE.contains(property)) {
            throw InvalidInputException.of("sort", "must be one of " + String.join(", ", SORTABLE) + ", optionally ',asc' or ',desc'");
        }
        String order = parts.length > 1 ? parts[1].trim().toLowerCase(Locale.ROOT) : "desc";
        if (parts.length > 2 || !(order.equals("asc") || order.equals("desc"))) {
            throw InvalidInputException.of("sort", "is a property, optionally followed by ',asc' or ',desc'");
        }
        Sort.Direction direction = order.equals("asc") ? Sort.Direction.ASC : Sort.Direction.DESC;
        // ties broken by id in the same direction, so that one index on (property, id), read forward or backward, serves
        // the whole order
        return Sort.by(direction, property).and(Sort.by(direction, "id"));
    }

    public List<EpochMetrics> metrics(long id) {
        find(id);
        return metrics.findByExperiment(id).stream().map(EpochMetricEntity::toMetrics).toList();
    }

    /** One finished epoch's metrics, if it is recorded. */
    Optional<EpochMetrics> metricsAt(long id, int epoch) {
        return metrics.findByExperimentsAtEpoch(List.of(id), epoch).stream().map(EpochMetricEntity::toMetrics).findFirst();
    }

    /** Epoch metrics of several experiments at once, in the order of {@code ids}. */
    public Map<Long, List<EpochMetrics>> metrics(List<Long> ids) {
        Map<Long, List<EpochMetrics>> out = new LinkedHashMap<>();
        ids.forEach(id -> out.put(id, new ArrayList<>()));
        for (EpochMetricEntity m : metrics.findByExperiments(ids)) {
            out.get(m.experimentId()).add(m.toMetrics());
        }
        return out;
    }

    public ClassificationReport report(long id) {
        Experiment e = find(id);
        if (views.spec(e).rangeTest() != null) {
            throw new NotFoundException("experiment " + id + " is a learning-rate range test: it has a curve, not a classification "
                    + "report; see /api/range-tests/" + id);
        }
        return reports.findById(id).map(r -> json.readValue(r.getReport(), ClassificationReport.class))
                .orElseThrow(() -> new NotFoundException("experiment " + id + " is " + e.getStatus()
                        + " and has no classification report; reports exist once an experiment COMPLETED, STOPPED_EARLY or PRUNED"));
    }

    /** The report as text, followed by what produced it. */
    public String reportText(long id) {
        StringBuilder text = new StringBuilder(report(id).toText());
        Map<String, Object> provenance = get(id).provenance();
        if (provenance != null) {
            text.append("\nProvenance\n");
            provenance.forEach((key, value) -> text.append(String.format("  %-22s %s%n", key, value)));
        }
        return text.toString();
    }

    /** A range test's curve and suggestions, once it finished (or was cancelled with part of a curve). */
    public Optional<RangeTest.Result> rangeTest(long id) {
        Experiment e = find(id);
        if (views.spec(e).rangeTest() == null) {
            throw new NotFoundException("experiment " + id + " is not a learning-rate range test");
        }
        return reports.findById(id).map(r -> json.readValue(r.getReport(), RangeTest.Result.class));
    }

    /** The trained network as the DL4J model zip, streamed from wherever the artifacts live. */
    public ModelDownload model(long id) {
        find(id);
        if (!artifacts.hasModel(id)) {
            throw new NotFoundException("experiment " + id + " has no trained model yet");
        }
        return out -> artifacts.copyModel(id, out);
    }

    /** Writes a model to a response once the headers are out. */
    @FunctionalInterface
    public interface ModelDownload {
        void writeTo(java.io.OutputStream out);
    }

    Experiment find(long id) {
        return experiments.findById(id).orElseThrow(() -> NotFoundException.of("experiment " + id));
    }
}
