package io.lrlab.worker;

import io.lrlab.experiment.CancellationSignals;
import io.lrlab.experiment.ClusterEvents;
import io.lrlab.experiment.ExperimentQueries;
import io.lrlab.experiment.ExperimentSpec;
import io.lrlab.experiment.ExperimentStatus;
import io.lrlab.experiment.LiveProgress;
import io.lrlab.experiment.StoppingRules;
import io.lrlab.training.EpochMetrics;
import io.lrlab.training.TrainingMonitor;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.springframework.stereotype.Component;

/**
 * Where a run reports and whom it asks: its epochs and progress go to the events, the live view and the meters; the
 * stopping rules, a cancel, a shutdown and a lost lease can end it.
 */
@Component
class RunMonitors {

    private final ClusterEvents events;
    private final ExperimentQueries queries;
    private final ExperimentMeters meters;
    private final StoppingRules stoppingRules;
    private final LiveProgress live;
    private final CancellationSignals cancellations;

    RunMonitors(ClusterEvents events, ExperimentQueries queries, ExperimentMeters meters, StoppingRules stoppingRules,
                LiveProgress live, CancellationSignals cancellations) {
        this.events = events;
        this.queries = queries;
        this.meters = meters;
        this.stoppingRules = stoppingRules;
        this.live = live;
        this.cancellations = cancellations;
    }

    /** Tells every node's clients the experiment's new status. */
    void started(long id) {
        events.status(id, queries.get(id));
    }

    /** Clears what the run left in this process and tells the clients its final status. */
    void ended(long id) {
        live.clear(id);
        cancellations.clear(id);
        try {
            events.status(id, queries.get(id));
        } catch (RuntimeException e) {
            // deleted meanwhile: nobody to tell
        }
    }

    void finished(ExperimentStatus status) {
        meters.finished(status);
    }

    boolean cancelled(long id) {
        return cancellations.isSignalled(id);
    }

    /**
     * @param stopping  whether this worker is shutting down (the run checkpoints at the next batch)
     * @param leaseLost whether another worker may own the experiment now (the run writes nothing more)
     */
    TrainingMonitor forRun(long id, ExperimentSpec spec, BooleanSupplier stopping, AtomicBoolean leaseLost) {
        return new TrainingMonitor() {
            @Override
            public void onEpoch(EpochMetrics metrics) {
                meters.epochFinished(metrics);
                events.epoch(id, metrics);
            }

            @Override
            public Optional<EarlyStop> afterEpoch(EpochMetrics metrics) {
                return stoppingRules.decide(id, spec, metrics);
            }

            @Override
            public Optional<EarlyStop> onResume(int epochsCompleted) {
                return stoppingRules.decideAgain(id, spec, epochsCompleted - 1);
            }

            @Override
            public boolean cancelRequested() {
                return cancellations.isSignalled(id);
            }

            @Override
            public boolean stopRequested() {
                return stopping.getAsBoolean();
            }

            @Override
            public boolean abortRequested() {
                return leaseLost.get();
            }

            @Override
            public void onProgress(int epoch, int batch, int batches, double imagesPerSecond) {
                live.update(id, epoch, batch, batches, imagesPerSecond);
                meters.progress(imagesPerSecond);
            }
        };
    }
}
