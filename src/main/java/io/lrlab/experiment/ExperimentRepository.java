package io.lrlab.experiment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ExperimentRepository extends JpaRepository<Experiment, Long>, JpaSpecificationExecutor<Experiment> {

    long countByStatus(ExperimentStatus status);

    /** QUEUED experiments, as the trigger-kept counter says: one row read, however long the queue. */
    @Query(value = "SELECT queued FROM queue_depth WHERE id = 1", nativeQuery = true)
    long queueDepth();

    /** The same figure with the counter's row lock held to the end of the transaction: admissions take turns on it. */
    @Query(value = "SELECT queued FROM queue_depth WHERE id = 1 FOR UPDATE", nativeQuery = true)
    long lockQueueDepth();

    List<Experiment> findBySweepIdOrderByIdAsc(Long sweepId);

    /**
     * The next experiment a worker may train: a worker without bfloat16 kernels ({@code bf16} false) passes bfloat16
     * experiments by. why: SKIP LOCKED lets several workers claim from one table without waiting on each other (H2 2.2+,
     * PostgreSQL).
     */
    @Query(value = """
            SELECT id FROM experiment WHERE status = 'QUEUED' AND (not_before IS NULL OR not_before <= :now)
               AND (precision = 'float32' OR :bf16 = TRUE)
             ORDER BY priority DESC, id ASC LIMIT 1 FOR UPDATE SKIP LOCKED""", nativeQuery = true)
    Optional<Long> lockNextQueued(@Param("now") Instant now, @Param("bf16") boolean bf16);

    /** Of these experiments, the ones PAUSED, with their rows locked to the end of the transaction. */
    @Query(value = "SELECT id FROM experiment WHERE id IN (:ids) AND status = 'PAUSED' FOR UPDATE", nativeQuery = true)
    List<Long> lockPaused(@Param("ids") java.util.Collection<Long> ids);

    /** An experiment's network, read without loading the experiment (a claim reads the row fresh after its update). */
    @Query(value = "SELECT model FROM experiment WHERE id = :id", nativeQuery = true)
    String modelOf(@Param("id") long id);

    @Modifying
    @Query("""
            UPDATE Experiment e SET e.status = io.lrlab.experiment.ExperimentStatus.RUNNING, e.worker = :worker,
                   e.leaseUntil = :leaseUntil, e.attempts = e.attempts + 1, e.startedAt = COALESCE(e.startedAt, :now),
                   e.liveEpoch = NULL, e.liveBatch = NULL, e.liveBatches = NULL, e.liveImagesPerSecond = NULL,
                   e.version = e.version + 1
             WHERE e.id = :id AND e.status = io.lrlab.experiment.ExperimentStatus.QUEUED""")
    int markClaimed(@Param("id") long id, @Param("worker") String worker, @Param("leaseUntil") Instant leaseUntil, @Param("now") Instant now);

    /**
     * Renews a lease only while this worker, in this attempt, still holds the experiment, with where it is inside its
     * epoch (nulls keep the last position).
     */
    @Modifying
    @Query("""
            UPDATE Experiment e SET e.leaseUntil = :leaseUntil, e.liveEpoch = COALESCE(:epoch, e.liveEpoch),
                   e.liveBatch = COALESCE(:batch, e.liveBatch), e.liveBatches = COALESCE(:batches, e.liveBatches),
                   e.liveImagesPerSecond = COALESCE(:imagesPerSecond, e.liveImagesPerSecond)
             WHERE e.id = :id AND e.worker = :worker AND e.attempts = :attempt
               AND e.status = io.lrlab.experiment.ExperimentStatus.RUNNING""")
    int renewLease(@Param("id") long id, @Param("worker") String worker, @Param("attempt") int attempt,
                   @Param("leaseUntil") Instant leaseUntil, @Param("epoch") Integer epoch, @Param("batch") Integer batch,
                   @Param("batches") Integer batches, @Param("imagesPerSecond") Double imagesPerSecond);

    /** Takes the experiment's row lock if this worker, in this attempt, still holds it: the fence of a write. */
    @Modifying
    @Query("""
            UPDATE Experiment e SET e.leaseUntil = e.leaseUntil
             WHERE e.id = :id AND e.worker = :worker AND e.attempts = :attempt
               AND e.status = io.lrlab.experiment.ExperimentStatus.RUNNING""")
    int fence(@Param("id") long id, @Param("worker") String worker, @Param("attempt") int attempt);

    /** A checkpoint inside an epoch is progress too: the attempt's stall count starts again. */
    @Modifying
    @Query("""
            UPDATE Experiment e SET e.stalledAttempts = 0
             WHERE e.id = :id AND e.worker = :worker AND e.attempts = :attempt
               AND e.status = io.lrlab.experiment.ExperimentStatus.RUNNING""")
    int checkpointed(@Param("id") long id, @Param("worker") String worker, @Param("attempt") int attempt);

    @Modifying
    @Query("""
            UPDATE Experiment e SET e.provenance = :provenance
             WHERE e.id = :id AND e.worker = :worker AND e.attempts = :attempt
               AND e.status = io.lrlab.experiment.ExperimentStatus.RUNNING""")
    int recordProvenance(@Param("id") long id, @Param("worker") String worker, @Param("attempt") int attempt,
                         @Param("provenance") String provenance);

    @Modifying
    @Query("""
            UPDATE Experiment e SET e.epochsCompleted = :epochsCompleted, e.imagesPerSecond = :imagesPerSecond,
                   e.bestValAcc = :bestValAcc, e.bestEpoch = :bestEpoch, e.finalValAcc = :valAcc, e.finalValLoss = :valLoss,
                   e.finalTrainAcc = :trainAcc, e.finalTrainLoss = :trainLoss, e.stalledAttempts = 0,
                   e.version = e.version + 1
             WHERE e.id = :id AND e.worker = :worker AND e.attempts = :attempt
               AND e.status = io.lrlab.experiment.ExperimentStatus.RUNNING""")
    int recordProgress(@Param("id") long id, @Param("worker") String worker, @Param("attempt") int attempt,
                       @Param("epochsCompleted") int epochsCompleted, @Param("imagesPerSecond") double imagesPerSecond,
                       @Param("bestValAcc") double bestValAcc, @Param("bestEpoch") int bestEpoch,
                       @Param("valAcc") double valAcc, @Param("valLoss") double valLoss,
                       @Param("trainAcc") double trainAcc, @Param("trainLoss") double trainLoss);

    @Modifying
    @Query("""
            UPDATE Experiment e SET e.status = :status, e.error = :error, e.finishedAt = :now,
                   e.leaseUntil = NULL, e.version = e.version + 1
             WHERE e.id = :id AND e.worker = :worker AND e.attempts = :attempt
               AND e.status = io.lrlab.experiment.ExperimentStatus.RUNNING""")
    int finish(@Param("id") long id, @Param("worker") String worker, @Param("attempt") int attempt,
               @Param("status") ExperimentStatus status, @Param("error") String error, @Param("now") Instant now);

    /** Hands an experiment back to the queue, claimable from {@code notBefore} on; one more attempt without progress. */
    @Modifying
    @Query("""
            UPDATE Experiment e SET e.status = io.lrlab.experiment.ExperimentStatus.QUEUED, e.worker = NULL,
                   e.leaseUntil = NULL, e.notBefore = :notBefore, e.stalledAttempts = e.stalledAttempts + 1,
                   e.handBackReasons = :reasons, e.version = e.version + 1
             WHERE e.id = :id AND e.worker = :worker AND e.attempts = :attempt
               AND e.status = io.lrlab.experiment.ExperimentStatus.RUNNING""")
    int handBack(@Param("id") long id, @Param("worker") String worker, @Param("attempt") int attempt,
                 @Param("notBefore") Instant notBefore, @Param("reasons") String reasons);

    /** Parks a study's trial at a rung: no worker, no lease, not claimable until released. */
    @Modifying
    @Query("""
            UPDATE Experiment e SET e.status = io.lrlab.experiment.ExperimentStatus.PAUSED, e.worker = NULL,
                   e.leaseUntil = NULL, e.stalledAttempts = 0, e.version = e.version + 1
             WHERE e.id = :id AND e.worker = :worker AND e.attempts = :attempt
               AND e.status = io.lrlab.experiment.ExperimentStatus.RUNNING""")
    int pause(@Param("id") long id, @Param("worker") String worker, @Param("attempt") int attempt);

    /** A paused trial back in the queue, claimable at once. */
    @Modifying
    @Query("""
            UPDATE Experiment e SET e.status = io.lrlab.experiment.ExperimentStatus.QUEUED, e.notBefore = NULL,
                   e.version = e.version + 1
             WHERE e.id = :id AND e.status = io.lrlab.experiment.ExperimentStatus.PAUSED""")
    int release(@Param("id") long id);

    /** A paused trial back in the queue with another spec (its schedule changed), claimable at once. */
    @Modifying
    @Query("""
            UPDATE Experiment e SET e.status = io.lrlab.experiment.ExperimentStatus.QUEUED, e.notBefore = NULL, e.spec = :spec,
                   e.version = e.version + 1
             WHERE e.id = :id AND e.status = io.lrlab.experiment.ExperimentStatus.PAUSED""")
    int releaseWith(@Param("id") long id, @Param("spec") String spec);

    /** Ends a paused trial where it stands. */
    @Modifying
    @Query("""
            UPDATE Experiment e SET e.status = :status, e.error = :error, e.finishedAt = :now, e.version = e.version + 1
             WHERE e.id = :id AND e.status = io.lrlab.experiment.ExperimentStatus.PAUSED""")
    int endPaused(@Param("id") long id, @Param("status") ExperimentStatus status, @Param("error") String error,
                  @Param("now") Instant now);

    /** Experiments whose worker stopped renewing its lease (crashed, killed, cut off): (id, worker, attempt). */
    @Query("""
            SELECT new io.lrlab.experiment.Claim(e.id, e.worker, e.attempts, '', e.model)
              FROM Experiment e
             WHERE e.status = io.lrlab.experiment.ExperimentStatus.RUNNING AND e.leaseUntil < :now""")
    List<Claim> findExpired(@Param("now") Instant now);

    @Modifying
    @Query("""
            UPDATE Experiment e SET e.status = io.lrlab.experiment.ExperimentStatus.CANCELLED, e.finishedAt = :now,
                   e.version = e.version + 1
             WHERE e.id = :id AND e.status IN (io.lrlab.experiment.ExperimentStatus.QUEUED,
                                               io.lrlab.experiment.ExperimentStatus.PAUSED)""")
    int cancelQueued(@Param("id") long id, @Param("now") Instant now);

    /** Asks the worker running the experiment to stop; it sees the flag before its next batch. */
    @Modifying
    @Query("""
            UPDATE Experiment e SET e.cancelRequested = true
             WHERE e.id = :id AND e.status = io.lrlab.experiment.ExperimentStatus.RUNNING""")
    int requestCancel(@Param("id") long id);

    @Query("SELECT e.cancelRequested FROM Experiment e WHERE e.id = :id")
    Optional<Boolean> isCancelRequested(@Param("id") long id);
}
