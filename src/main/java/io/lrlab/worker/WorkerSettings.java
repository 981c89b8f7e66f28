package io.lrlab.worker;

import io.lrlab.experiment.HandBackPolicy;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
 * @param slots           experiments this process trains at once, each on its share of the cores: a number, or
 *                        {@code auto} (the default): on a CPU with two or more cores, two slots; a small network
 *                        (resnet-tiny, resnet-mini) trains on half the cores, beside another small one when one is next
 *                        in line, while any other network trains alone on all of them; one at a time on a GPU
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
        @DefaultValue("5m") @NotNull Duration retryBackoffMax,
        @DefaultValue(AUTO) @NotNull @Pattern(regexp = "auto|[1-9]|[1-5][0-9]|6[0-4]", message = "must be auto or a number from 1 to 64")
        String slots) {

    static final String AUTO = "auto";

    boolean autoSlots() {
        return AUTO.equals(slots);
    }

    /** The slots this process runs: the number set, or under auto 2 on a CPU of two or more cores, else 1. */
    int slotCount(int cores, boolean cpu) {
        if (autoSlots()) {
            return cpu && cores >= 2 ? 2 : 1;
        }
        return Integer.parseInt(slots);
    }

    /** The hand-back rule these settings give the queue. */
    public HandBackPolicy handBackPolicy() {
        return new HandBackPolicy(maxAttempts, retryBackoff, retryBackoffMax);
    }
}
