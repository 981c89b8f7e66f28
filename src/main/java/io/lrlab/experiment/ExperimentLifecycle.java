package io.lrlab.experiment;

import io.lrlab.security.Caller;
import io.lrlab.error.NotYoursException;
import java.time.Clock;
import java.util.function.IntSupplier;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Ends experiments on request: cancels queued or running ones, deletes finished ones with their files. */
@Service
public class ExperimentLifecycle {

    private final ExperimentRepository experiments;
    private final ExperimentQueries queries;
    private final ExperimentArtifacts artifacts;
    private final ClusterEvents events;
    private final CancellationSignals cancellations;
    private final TransactionTemplate tx;
    private final Clock clock;

    ExperimentLifecycle(ExperimentRepository experiments, ExperimentQueries queries, ExperimentArtifacts artifacts,
                        ClusterEvents events, CancellationSignals cancellations, TransactionTemplate tx, Clock clock) {
        this.experiments = experiments;
        this.queries = queries;
        this.artifacts = artifacts;
        this.events = events;
        this.cancellations = cancellations;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Cancels a queued experiment at once, or asks the worker of a running one to stop before its next batch.
     * why conditional updates: the worker writes the row every epoch, so a read-modify-write of the entity would
     * race with it.
     */
    public ExperimentView cancel(long id, Caller caller) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Experiment experiment = queries.find(id);
            if (!caller.mayChange(experiment.getSubmittedBy())) {
                throw new NotYoursException("experiment " + id + " was submitted by '" + experiment.getSubmittedBy()
                        + "'; only that key or an admin key may cancel it");
            }
            ExperimentStatus status = experiment.getStatus();
            if (!status.canMoveTo(ExperimentStatus.CANCELLED)) {
                throw new IllegalTransitionException(id, status, ExperimentStatus.CANCELLED);
            }
            if ((status == ExperimentStatus.QUEUED || status == ExperimentStatus.PAUSED) && updated(() -> experiments.cancelQueued(id, clock.instant()))) {
                ExperimentView view = queries.get(id);
                events.status(id, view);
                return view;
            }
            if (status == ExperimentStatus.RUNNING && updated(() -> experiments.requestCancel(id))) {
                cancellations.signal(id);
                return queries.get(id);
            }
        }
        throw new IllegalTransitionException("experiment " + id + " changed while being cancelled; try again");
    }

    private boolean updated(IntSupplier update) {
        Integer rows = tx.execute(s -> update.getAsInt());
        return rows != null && rows == 1;
    }

    public void delete(long id) {
        try {
            tx.executeWithoutResult(s -> {
                Experiment e = queries.find(id);
                if (e.getStatus() == ExperimentStatus.RUNNING) {
                    throw new IllegalTransitionException("experiment " + id + " is RUNNING; cancel it first, then delete it");
                }
                experiments.delete(e);
                experiments.flush();
            });
        } catch (OptimisticLockingFailureException e) {
            throw new IllegalTransitionException("experiment " + id + " changed while being deleted (a worker claimed it); try again");
        }
        artifacts.delete(id);
    }
}
