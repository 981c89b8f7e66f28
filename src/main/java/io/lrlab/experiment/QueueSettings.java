package io.lrlab.experiment;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lrlab.queue.*}: what the queue admits.
 *
 * @param maxQueued QUEUED experiments beyond this are refused with 429
 * @param maxCost   budget of one experiment in epochs x images x parameters / 1e9 (the reference run costs about 4,430)
 */
@Validated
@ConfigurationProperties("lrlab.queue")
record QueueSettings(
        @DefaultValue("1000") @Min(1) int maxQueued,
        @DefaultValue("20000") @Positive double maxCost) {
}
