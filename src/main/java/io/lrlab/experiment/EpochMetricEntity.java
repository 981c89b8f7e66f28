package io.lrlab.experiment;

import io.lrlab.training.EpochMetrics;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One row per finished epoch of an experiment; (experiment, epoch) is unique. */
@Entity
@Table(name = "epoch_metric")
class EpochMetricEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "experiment_id")
    private long experimentId;
    private int epoch;
    @Column(name = "planned_lr")
    private double plannedLr;
    @Column(name = "actual_lr")
    private double actualLr;
    @Column(name = "train_loss")
    private double trainLoss;
    @Column(name = "train_acc")
    private double trainAcc;
    @Column(name = "val_loss")
    private double valLoss;
    @Column(name = "val_acc")
    private double valAcc;
    private double seconds;
    @Column(name = "images_per_second")
    private double imagesPerSecond;

    protected EpochMetricEntity() {
    }

    EpochMetricEntity(long experimentId, EpochMetrics m) {
        this.experimentId = experimentId;
        this.epoch = m.epoch();
        this.plannedLr = m.plannedLr();
        this.actualLr = m.actualLr();
        this.trainLoss = m.trainLoss();
        this.trainAcc = m.trainAcc();
        this.valLoss = m.valLoss();
        this.valAcc = m.valAcc();
        this.seconds = m.seconds();
        this.imagesPerSecond = m.imagesPerSecond();
    }

    long experimentId() {
        return experimentId;
    }

    EpochMetrics toMetrics() {
        return new EpochMetrics(epoch, plannedLr, actualLr, trainLoss, trainAcc, valLoss, valAcc, seconds, imagesPerSecond);
    }
}
