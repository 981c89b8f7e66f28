package io.lrlab.experiment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.lrlab.error.InvalidInputException;
import io.lrlab.training.Precision;
import io.lrlab.dataset.Cifar10;
import io.lrlab.training.RangeTest;
import io.lrlab.schedule.Schedules;
import java.util.List;
import java.util.Map;

/**
 * An experiment request with every default filled in; stored as JSON with the experiment. why lenient: stored data is
 * read by every version during a rolling upgrade, and a field a newer node wrote is passed over, not a failure.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExperimentSpec(String name, String schedule, double initialLr, int epochs, Map<String, Object> scheduleParams,
                             String model, int batchSize, double momentum, Double weightDecay, String dataset,
                             int trainLimit, int testLimit, long seed, List<String> tags, int priority,
                             EarlyStopping earlyStopping, MedianStopping medianStopping, boolean augment,
                             RangeTest.Settings rangeTest, String precision) {

    static final String DEFAULT_MODEL = "resnet-reference";
    static final int DEFAULT_BATCH = 128;
    static final double DEFAULT_MOMENTUM = 0.9;
    public static final long DEFAULT_SEED = 42;

    /**
     * @param schedule the schedule's canonical id, from the built schedule
     * @param model    the model preset's id
     */
    static ExperimentSpec of(ExperimentRequest r, String schedule, String model, Map<String, Object> resolvedParams,
                             MedianStopping medianStopping) {
        String name = r.name() != null && !r.name().isBlank() ? r.name().trim() : schedule + " lr=" + r.initialLr();
        return new ExperimentSpec(name, schedule, r.initialLr(), r.epochs(), resolvedParams, model,
                r.batchSize() == null ? DEFAULT_BATCH : r.batchSize(),
                r.momentum() == null ? DEFAULT_MOMENTUM : r.momentum(),
                r.weightDecay(),
                r.dataset() == null ? "cifar10" : r.dataset(),
                r.trainLimit() == null ? 0 : r.trainLimit(),
                r.testLimit() == null ? 0 : r.testLimit(),
                r.seed() == null ? DEFAULT_SEED : r.seed(),
                r.tags() == null ? List.of() : List.copyOf(new java.util.LinkedHashSet<>(r.tags())),
                r.priority() == null ? 0 : r.priority(),
                r.earlyStopping(), medianStopping, Boolean.TRUE.equals(r.augment()), null, precisionNamed(r.precision()).id());
    }

    /** This spec as a learning-rate range test instead of a training run. */
    ExperimentSpec asRangeTest(RangeTest.Settings settings) {
        return new ExperimentSpec(name, schedule, initialLr, epochs, scheduleParams, model, batchSize, momentum, weightDecay, dataset,
                trainLimit, testLimit, seed, tags, priority, null, null, false, settings, precision);
    }

    /**
     * This spec with its limits stated for a registered data set of {@code train} and {@code test} images: "all" (0)
     * or more than there are becomes the count, so that {@link #trainImages()} is the truth for every data set.
     */
    ExperimentSpec withLimitsOf(int train, int test) {
        return new ExperimentSpec(name, schedule, initialLr, epochs, scheduleParams, model, batchSize, momentum, weightDecay, dataset,
                trainLimit <= 0 || trainLimit > train ? train : trainLimit, testLimit <= 0 || testLimit > test ? test : testLimit,
                seed, tags, priority, earlyStopping, medianStopping, augment, rangeTest, precision);
    }

    /** This spec with other parameters for its schedule (a population member's rates after an exploit). */
    ExperimentSpec withScheduleParams(Map<String, Object> params) {
        return new ExperimentSpec(name, schedule, initialLr, epochs, params, model, batchSize, momentum, weightDecay, dataset,
                trainLimit, testLimit, seed, tags, priority, earlyStopping, medianStopping, augment, rangeTest, precision);
    }

    /** The request that queues this spec again. */
    ExperimentRequest toRequest() {
        return new ExperimentRequest(name, schedule, initialLr, epochs, scheduleParams, model, batchSize, momentum, weightDecay,
                dataset, trainLimit, testLimit, seed, tags, priority, earlyStopping, augment, precision);
    }

    /** The arithmetic it trains in; a spec stored before precisions existed trains in float32. */
    public Precision arithmetic() {
        return precision == null ? Precision.FLOAT32 : Precision.fromId(precision).orElse(Precision.FLOAT32);
    }

    /** {@link #arithmetic()}'s id: float32 or bfloat16. */
    public String precisionId() {
        return arithmetic().id();
    }

    /** The named precision, or the process's default when none is named; an unknown name is a 400 naming the field. */
    static Precision precisionNamed(String id) {
        if (id == null || id.isBlank()) {
            return Precision.processDefault();
        }
        return Precision.fromId(id).orElseThrow(() -> InvalidInputException.of("precision",
                "unknown precision '" + id + "'; one of " + Precision.ids()));
    }

    /** The schedule this spec trains with; its parameters were validated when the spec was made. */
    public Schedules.Built buildSchedule() {
        return Schedules.build(schedule, initialLr, epochs, scheduleParams, "scheduleParams");
    }

    /** Training images per epoch: the limit, or all of CIFAR-10's (a registered data set's limits are always stated). */
    public int trainImages() {
        return trainLimit > 0 ? trainLimit : Cifar10.TRAIN_IMAGES;
    }

    /** Batches per epoch, the last one possibly short. */
    public int itersPerEpoch() {
        return Math.max(1, (trainImages() + batchSize - 1) / batchSize);
    }
}
