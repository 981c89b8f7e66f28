package io.lrlab.experiment;

import org.springframework.data.jpa.repository.JpaRepository;

interface ExperimentReportRepository extends JpaRepository<ExperimentReportEntity, Long> {
}
