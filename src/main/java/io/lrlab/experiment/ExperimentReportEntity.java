package io.lrlab.experiment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The final classification report and confusion matrix of a completed experiment, as JSON. */
@Entity
@Table(name = "experiment_report")
class ExperimentReportEntity {

    @Id
    @Column(name = "experiment_id")
    private Long experimentId;
    private String report;
    @Column(name = "created_at")
    private Instant createdAt;

    protected ExperimentReportEntity() {
    }

    ExperimentReportEntity(long experimentId, String report, Instant createdAt) {
        this.experimentId = experimentId;
        this.report = report;
        this.createdAt = createdAt;
    }

    String getReport() {
        return report;
    }
}
