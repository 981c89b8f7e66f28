package io.lrlab.experiment;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings under {@code lrlab}: where data lives, the worker, the queue's bounds and the cost budget.
 *
 * @param dataDir          database, datasets, checkpoints and models
 * @param cifar10Dir       CIFAR-10: binary release or image folder; downloaded here when missing
 * @param download         whether a missing CIFAR-10 is downloaded
 * @param workerEnabled    run experiments in this process (false: API only)
 * @param workerId         this worker's name in leases; defaults to host and process id
 * @param lease            how long a claim holds without a heartbeat
 * @param pollInterval     how often an idle worker looks at the queue
 * @param maxQueued        QUEUED experiments beyond this are refused with 429
 * @param maxCost          budget of one experiment in epochs x images x parameters / 1e9
 */
@Validated
@ConfigurationProperties("lrlab")
public record ExperimentSettings(
        @DefaultValue("./data") Path dataDir,
        Path cifar10Dir,
        @DefaultValue("true") boolean download,
        @DefaultValue("true") boolean workerEnabled,
        String workerId,
        @DefaultValue("60s") Duration lease,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("1000") @Min(1) int maxQueued,
        @DefaultValue("20000") @Positive double maxCost) {

    public Path experimentsDir() {
        return dataDir.resolve("experiments");
    }

    public Path effectiveCifar10Dir() {
        return cifar10Dir != null ? cifar10Dir : dataDir.resolve("cifar10");
    }
}
