package io.lrlab.experiment;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface EpochMetricRepository extends JpaRepository<EpochMetricEntity, Long> {

    @Query("SELECT m FROM EpochMetricEntity m WHERE m.experimentId = :id ORDER BY m.epoch")
    List<EpochMetricEntity> findByExperiment(@Param("id") long experimentId);

    @Query("SELECT m FROM EpochMetricEntity m WHERE m.experimentId IN :ids ORDER BY m.experimentId, m.epoch")
    List<EpochMetricEntity> findByExperiments(@Param("ids") Collection<Long> experimentIds);

    @Query("SELECT m FROM EpochMetricEntity m WHERE m.experimentId IN :ids AND m.epoch = :epoch")
    List<EpochMetricEntity> findByExperimentsAtEpoch(@Param("ids") Collection<Long> experimentIds, @Param("epoch") int epoch);

    /** why: an epoch retrained after a resume replaces its earlier row, so every epoch is recorded exactly once. */
    @Modifying
    @Query("DELETE FROM EpochMetricEntity m WHERE m.experimentId = :id AND m.epoch >= :epoch")
    int deleteFrom(@Param("id") long experimentId, @Param("epoch") int epoch);
}
