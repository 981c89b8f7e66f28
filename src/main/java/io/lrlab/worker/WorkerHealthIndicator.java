package io.lrlab.worker;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** "worker" in /actuator/health: whether this process trains, its loop is alive, and what it trains now. */
@Component("worker")
class WorkerHealthIndicator extends AbstractHealthIndicator {

    private final ExperimentWorker worker;

    WorkerHealthIndicator(ExperimentWorker worker) {
        this.worker = worker;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        ExperimentWorker.WorkerState state = worker.state();
        builder.withDetail("id", state.workerId()).withDetail("enabled", state.enabled());
        if (!state.enabled()) {
            builder.up().withDetail("role", "API only");
            return;
        }
        (state.alive() ? builder.up() : builder.down()).withDetail("slots", state.slots()).withDetail("training",
                state.experiments().isEmpty() ? "nothing" : state.experiments().size() == 1 ? state.experiments().get(0) : state.experiments());
    }
}
