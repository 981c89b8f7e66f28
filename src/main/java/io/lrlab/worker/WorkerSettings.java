package io.lrlab.worker;

import io.lrlab.experiment.HandBackPolicy;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lrlab.worker.*}: whether this process trains, under which name, how it holds its claims, and how often an
 * experiment may come back to the queue without progress.
 *
 * @param enabled         run experiments in this process (false: API only)
 * @param id              this worker's name in leases and logs; defaults to host, process id and a random suffix
 * @param lease           how long a claim holds without a heartbeat; the heartbeat renews it every third of this
 * @param pollInterval    how often an idle worker looks at the queue
 * @param maxAttempts     attempts in a row without progress (no epoch, no checkpoint) before the experiment ends FAILED
 * @param retryBackoff    how long a handed-back experiment waits before any worker claims it again; doubles per attempt
 * @param retryBackoffMax the cap of that wait
 */
@Validated
@ConfigurationProperties("lrlab.worker")
public record WorkerSettings(
        @DefaultValue("true") boolean enabled,
        String id,
        @DefaultValue("60s") @NotNull Duration lease,
        @DefaultValue("1s") @NotNull Duration pollInterval,
        @DefaultValue("5") @Min(1) int maxAttempts,
        @DefaultValue("5s") @NotNull Duration retryBackoff,
        @DefaultValue("5m") @NotNull Duration retryBackoffMax) {

    /** The hand-back rule these settings give the queue. */
    public HandBackPolicy handBackPolicy() {
        return new HandBackPolicy(maxAttempts, retryBackoff, retryBackoffMax);
    }
}
