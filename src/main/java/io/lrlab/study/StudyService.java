package io.lrlab.study;

import io.lrlab.error.ConflictException;
import io.lrlab.error.InvalidInputException;
import io.lrlab.error.NotFoundException;
import io.lrlab.error.NotYoursException;
import io.lrlab.error.Violation;
import io.lrlab.experiment.ExperimentAdmission;
import io.lrlab.experiment.ExperimentLifecycle;
import io.lrlab.security.Caller;
import java.time.Clock;
import io.lrlab.training.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Creates, reads and cancels studies; the search itself moves on in {@link StudyProgress}. */
@Service
public class StudyService {

    private final StudyStore store;
    private final StudySpecs specs;
    private final StudyProgress progress;
    private final StudyViews views;
    private final ExperimentAdmission admission;
    private final ExperimentLifecycle lifecycle;
    private final TransactionTemplate tx;
    private final Clock clock;

    StudyService(StudyStore store, StudySpecs specs, StudyProgress progress, StudyViews views, ExperimentAdmission admission,
                 ExperimentLifecycle lifecycle, TransactionTemplate tx, Clock clock) {
        this.store = store;
        this.specs = specs;
        this.progress = progress;
        this.views = views;
        this.admission = admission;
        this.lifecycle = lifecycle;
        this.tx = tx;
        this.clock = clock;
    }

    /** Checks the request, stores the study and queues its first trials, all or nothing. */
    StudyView create(StudyRequest asked, Caller caller) {
        // decided here, once: nodes that queue later trials may have another default
        StudyRequest request = asked.precision() == null || asked.precision().isBlank()
                ? asked.withPrecision(Precision.processDefault().id()) : asked;
        Space space = validate(request);
        String name = request.name() == null || request.name().isBlank() ? "study" : request.name().trim();
        Long id = tx.execute(s -> {
            long studyId = store.insert(name, specs.write(request), caller.name(), clock.instant());
            progress.advance(studyId);
            return studyId;
        });
        return get(id);
    }

    /** Every rule of the study itself; the training settings are checked as an experiment's, on a trial of the space. */
    private Space validate(StudyRequest request) {
        List<Violation> violations = new ArrayList<>();
        if (request.pbt()) {
            populationRules(request, violations);
        }
        Space space = Space.compile(StudySpecs.space(request), request.epochs());
        Pruner pruner = StudySpecs.pruner(request);
        if ("grid".equals(request.sampler())) {
            space.firstRange().ifPresent(field -> violations.add(new Violation(field, "a grid needs values, not a range")));
        }
        if ("asha".equals(pruner.effectiveType()) && pruner.effectiveMinEpochs() >= request.epochs()) {
            violations.add(new Violation("pruner.minEpochs", "must be below epochs (" + request.epochs()
                    + "): successive halving needs a rung before the trials' end"));
        }
        if (request.budget() != null && request.budget().epochs() != null && request.budget().epochs() < StudySpecs.firstStage(request)) {
            violations.add(new Violation("budget.epochs", "is below one " + ("asha".equals(pruner.effectiveType()) ? "rung" : "trial")
                    + " (" + StudySpecs.firstStage(request) + " epochs)"));
        }
        if (request.seeds() != null && request.seeds().stream().anyMatch(s -> s == null)) {
            violations.add(new Violation("seeds", "must not hold null"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        // a trial at the space's first point: the model, data set, limits and cost are checked as an experiment's are
        Map<String, Object> probe = RandomSampler.draw(space, new java.util.Random(0));
        admission.validate(request.pbt() ? StudySpecs.member(request, 0, "study", 0, Space.initialLr(probe))
                : StudySpecs.experiment(request, 0, "study", 0, probe, StudySpecs.seed(request), false), null);
        return space;
    }

    /** Population-based training searches the rate alone, with no pruner and no budget of its own. */
    private static void populationRules(StudyRequest request, List<Violation> violations) {
        SearchSpace space = request.space();
        if (space.schedule() != null && !space.schedule().isEmpty()) {
            violations.add(new Violation("space.schedule", "must be left out under pbt: the members train a piecewise-constant "
                    + "rate that the population changes at every interval"));
        }
        if (space.warmupEpochs() != null) {
            violations.add(new Violation("space.warmupEpochs", "must be left out under pbt"));
        }
        if (space.scheduleParams() != null && !space.scheduleParams().isEmpty()) {
            violations.add(new Violation("space.scheduleParams", "must be left out under pbt"));
        }
        if (request.pruner() != null && !"none".equals(request.pruner().effectiveType())) {
            violations.add(new Violation("pruner", "must be left out under pbt: the population's exploits replace pruning"));
        }
        if (request.budget() != null) {
            violations.add(new Violation("budget", "must be left out under pbt: the population's size x epochs is the budget"));
        }
        if (request.effectivePopulation().effectiveInterval() >= request.epochs()) {
            violations.add(new Violation("population.interval", "must be below epochs (" + request.epochs()
                    + "): the population exploits at every interval before the end"));
        }
        if (request.seeds() != null && !request.seeds().isEmpty()) {
            violations.add(new Violation("seeds", "must be left out under pbt: POST /api/studies/{id}/replay trains the discovered "
                    + "schedule with seeds"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }

    public StudyView get(long id) {
        return views.of(store.find(id).orElseThrow(() -> NotFoundException.of("study " + id)));
    }

    List<StudyLine> list(int limit) {
        if (limit < 1 || limit > 500) {
            throw InvalidInputException.of("limit", "must be in [1, 500] but was " + limit);
        }
        return store.list(limit).stream().map(views::line).toList();
    }

    /** Ends the study as CANCELLED and cancels its queued and running trials. */
    StudyView cancel(long id, Caller caller) {
        StudyStore.StudyRow row = store.find(id).orElseThrow(() -> NotFoundException.of("study " + id));
        if (!caller.mayChange(row.submittedBy())) {
            throw new NotYoursException("study " + id + " was submitted by '" + row.submittedBy() + "'; only that key or an admin key may cancel it");
        }
        if (!Boolean.TRUE.equals(tx.execute(s -> store.cancel(id, clock.instant())))) {
            throw new ConflictException("study " + id + " has already ended (" + row.state() + ")");
        }
        for (StudyStore.TrialRow t : store.trials(id)) {
            if (t.active() || t.paused()) {
                try {
                    lifecycle.cancel(t.experimentId(), Caller.ANYONE);
                } catch (RuntimeException e) {
                    // it ended meanwhile
                }
            }
        }
        return get(id);
    }
}
