package io.lrlab.experiment;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lrlab.worker.*}: whether this process trains, under which name, and how it holds its claims.
 *
 * @param enabled      run experiments in this process (false: API only)
 * @param id           this worker's name in leases and logs; defaults to host, process id and a random suffix
 * @param lease        how long a claim holds without a heartbeat; the heartbeat renews it every third of this
 * @param pollInterval how often an idle worker looks at the queue
 */
@Validated
@ConfigurationProperties("lrlab.worker")
record WorkerSettings(
        @DefaultValue("true") boolean enabled,
        String id,
        @DefaultValue("60s") @NotNull Duration lease,
        @DefaultValue("1s") @NotNull Duration pollInterval) {
}
