package io.lrlab.experiment;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/** One queued or finished training run. Server-owned state changes only through the methods below. */
@Entity
@Table(name = "experiment")
public class Experiment {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String name;
    private String schedule;
    private String model;
    private String dataset;
    @Column(name = "initial_lr")
    private double initialLr;
    private int epochs;
    private String spec;
    private String precision;
    @Enumerated(EnumType.STRING)
    private ExperimentStatus status;
    private int priority;
    @Column(name = "sweep_id")
    private Long sweepId;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "started_at")
    private Instant startedAt;
    @Column(name = "finished_at")
    private Instant finishedAt;
    private int attempts;
    private String worker;
    @Column(name = "lease_until")
    private Instant leaseUntil;
    @Column(name = "cancel_requested")
    private boolean cancelRequested;
    @Column(name = "epochs_completed")
    private int epochsCompleted;
    @Column(name = "images_per_second")
    private Double imagesPerSecond;
    @Column(name = "best_val_acc")
    private Double bestValAcc;
    @Column(name = "best_epoch")
    private Integer bestEpoch;
    @Column(name = "final_val_acc")
    private Double finalValAcc;
    @Column(name = "final_val_loss")
    private Double finalValLoss;
    @Column(name = "final_train_acc")
    private Double finalTrainAcc;
    @Column(name = "final_train_loss")
    private Double finalTrainLoss;
    private String error;
    @Column(name = "submitted_by")
    private String submittedBy;
    private String provenance;
    @Column(name = "live_epoch")
    private Integer liveEpoch;
    @Column(name = "live_batch")
    private Integer liveBatch;
    @Column(name = "live_batches")
    private Integer liveBatches;
    @Column(name = "live_images_per_second")
    private Double liveImagesPerSecond;
    @Column(name = "not_before")
    private Instant notBefore;
    @Column(name = "stalled_attempts")
    private int stalledAttempts;
    @Column(name = "hand_back_reasons")
    private String handBackReasons;
    @Version
    private long version;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "experiment_tag", joinColumns = @JoinColumn(name = "experiment_id"))
    @Column(name = "tag")
    private Set<String> tags = new LinkedHashSet<>();

    protected Experiment() {
    }

    Experiment(ExperimentSpec spec, String specJson, Long sweepId, String submittedBy, Instant now) {
        this.submittedBy = submittedBy;
        this.name = spec.name();
        this.schedule = spec.schedule();
        this.model = spec.model();
        this.dataset = spec.dataset();
        this.precision = spec.arithmetic().id();
        this.initialLr = spec.initialLr();
        this.epochs = spec.epochs();
        this.spec = specJson;
        this.priority = spec.priority();
        this.tags = new LinkedHashSet<>(spec.tags());
        this.sweepId = sweepId;
        this.status = ExperimentStatus.QUEUED;
        this.createdAt = now;
    }

    Long getId() {
        return id;
    }

    String getName() {
        return name;
    }

    String getSchedule() {
        return schedule;
    }

    String getModel() {
        return model;
    }

    int getEpochs() {
        return epochs;
    }

    String getSpec() {
        return spec;
    }

    ExperimentStatus getStatus() {
        return status;
    }

    int getPriority() {
        return priority;
    }

    Long getSweepId() {
        return sweepId;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getStartedAt() {
        return startedAt;
    }

    Instant getFinishedAt() {
        return finishedAt;
    }

    int getStalledAttempts() {
        return stalledAttempts;
    }

    String getHandBackReasons() {
        return handBackReasons;
    }

    int getAttempts() {
        return attempts;
    }

    String getWorker() {
        return worker;
    }

    Instant getLeaseUntil() {
        return leaseUntil;
    }

    boolean isCancelRequested() {
        return cancelRequested;
    }

    int getEpochsCompleted() {
        return epochsCompleted;
    }

    Double getImagesPerSecond() {
        return imagesPerSecond;
    }

    Double getBestValAcc() {
        return bestValAcc;
    }

    Integer getBestEpoch() {
        return bestEpoch;
    }

    Double getFinalValAcc() {
        return finalValAcc;
    }

    Double getFinalValLoss() {
        return finalValLoss;
    }

    Double getFinalTrainAcc() {
        return finalTrainAcc;
    }

    Double getFinalTrainLoss() {
        return finalTrainLoss;
    }

    String getProvenance() {
        return provenance;
    }

    String getSubmittedBy() {
        return submittedBy;
    }

    String getError() {
        return error;
    }

    long getVersion() {
        return version;
    }

    Set<String> getTags() {
        return tags;
    }

    /** Where the experiment's worker last reported it inside an epoch (written by its heartbeat), if it did. */
    java.util.Optional<LiveProgress.Position> getLivePosition() {
        if (liveEpoch == null || liveBatch == null || liveBatches == null || liveImagesPerSecond == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new LiveProgress.Position(liveEpoch, liveBatch, liveBatches, liveImagesPerSecond));
    }
}
