package io.lrlab.experiment;

import io.lrlab.security.Caller;
import io.lrlab.model.ModelCatalog;
import io.lrlab.error.InvalidInputException;
import io.lrlab.error.OverBudgetException;
import io.lrlab.error.QueueFullException;
import io.lrlab.dataset.DatasetLoader;
import io.lrlab.dataset.DatasetRegistry;
import io.lrlab.dataset.DatasetView;
import io.lrlab.model.InputShape;
import io.lrlab.model.ModelPreset;
import io.lrlab.schedule.Schedules;
import io.lrlab.training.RangeTest;
import java.time.Clock;
import java.util.Locale;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/** Decides what enters the queue: validates a request, checks its cost against the budget and the queue's limit. */
@Service
public class ExperimentAdmission {

    private final ExperimentRepository experiments;
    private final ExperimentQueries queries;
    private final ExperimentViews views;
    private final ModelCatalog models;
    private final QueueSettings settings;
    private final ObjectMapper json;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final DatasetRegistry datasets;

    ExperimentAdmission(ExperimentRepository experiments, ExperimentQueries queries, ExperimentViews views, ModelCatalog models,
                        QueueSettings settings, ObjectMapper json, Clock clock, TransactionTemplate tx, DatasetRegistry datasets) {
        this.tx = tx;
        this.datasets = datasets;
        this.experiments = experiments;
        this.queries = queries;
        this.views = views;
        this.models = models;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    /** @param caller who submits: recorded by name when API keys are on */
    public ExperimentView submit(ExperimentRequest request, Caller caller) {
        return submit(request, null, caller);
    }

    ExperimentView submit(ExperimentRequest request, Long sweepId, Caller caller) {
        return submit(request, sweepId, null, caller);
    }

    /** @param median the sweep's median-stopping rule, if it has one */
    public ExperimentView submit(ExperimentRequest request, Long sweepId, MedianStopping median, Caller caller) {
        return save(validate(request, median), sweepId, caller);
    }

    /** A new experiment (or range test) with the spec of an existing one, in the same sweep, submitted by the caller. */
    ExperimentView retry(long id, Caller caller) {
        Experiment e = queries.find(id);
        ExperimentSpec spec = views.spec(e);
        validate(spec.toRequest(), spec.medianStopping());
        return save(spec, e.getSweepId(), caller);
    }

    /** Queues a learning-rate range test: run by the workers like an experiment, on the request's model and data. */
    public ExperimentView submitRangeTest(ExperimentRequest base, RangeTest.Settings settings, Caller caller) {
        return save(validate(base).asRangeTest(settings), null, caller);
    }

    private ExperimentView save(ExperimentSpec spec, Long sweepId, Caller caller) {
        return tx.execute(s -> {
            requireRoomFor(1);
            return views.of(experiments.save(new Experiment(spec, json.writeValueAsString(spec), sweepId, caller.name(), clock.instant())));
        });
    }

    /**
     * Refuses {@code count} more experiments when the queue has no room for them. Must run inside the transaction that
     * queues them: it holds the queue-depth counter's row lock to its end, so concurrent admissions take turns and the
     * limit holds exactly; the counter is one row, so the check costs the same however long the queue.
     */
    public void requireRoomFor(int count) {
        long queued = experiments.lockQueueDepth();
        if (queued + count > settings.maxQueued()) {
            throw new QueueFullException(count == 1
                    ? "the queue already holds " + settings.maxQueued() + " experiments; wait for some to finish or cancel some"
                    : "the sweep's " + count + " experiments would exceed the queue limit of " + settings.maxQueued());
        }
    }

    /** Checks the whole request and fills in defaults; every broken rule is named with its field. */
    ExperimentSpec validate(ExperimentRequest request) {
        return validate(request, null);
    }

    public ExperimentSpec validate(ExperimentRequest request, MedianStopping median) {
        Schedules.Built built = Schedules.build(request.schedule(), request.initialLr(), request.epochs(),
                request.scheduleParams(), "scheduleParams");
        ModelPreset preset = ModelPreset.fromId(request.model() == null ? ExperimentSpec.DEFAULT_MODEL : request.model())
                .orElseThrow(() -> InvalidInputException.of("model", "unknown model '" + request.model() + "'; one of " + ModelPreset.ids()));
        ExperimentSpec spec = ExperimentSpec.of(request, built.type().id(), preset.id(), built.params().asMap(), median);
        String name = spec.dataset();
        DatasetView dataset = datasets.lookup(name)
                .orElseThrow(() -> InvalidInputException.of("dataset", "no data set '" + name + "'; GET /api/datasets lists them"));
        if (!DatasetLoader.CIFAR10.equals(spec.dataset())) {
            spec = spec.withLimitsOf(dataset.trainImages(), dataset.testImages());
        }
        InputShape shape = new InputShape(dataset.shape().height(), dataset.shape().width(), dataset.shape().channels(), dataset.classes().size());
        int images = spec.trainImages();
        double cost = models.cost(preset, shape, spec.epochs(), images);
        if (cost > settings.maxCost()) {
            throw new OverBudgetException(String.format(Locale.ROOT,
                    "this experiment costs %.0f units (epochs %d x images %d x parameters %d / 1e9) and the budget is %.0f; "
                            + "use fewer epochs, a trainLimit or a smaller model", cost, spec.epochs(), images,
                    models.figures(preset, shape).parameters(), settings.maxCost()));
        }
        return spec;
    }
}
