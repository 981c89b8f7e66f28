package io.lrlab.experiment;

import java.util.List;
import java.util.Map;

/** An experiment request with every default filled in; stored as JSON with the experiment. */
public record ExperimentSpec(String name, String schedule, double initialLr, int epochs, Map<String, Object> scheduleParams,
                             String model, int batchSize, double momentum, Double weightDecay, String dataset,
                             int trainLimit, int testLimit, long seed, List<String> tags, int priority) {

    static final String DEFAULT_MODEL = "resnet-reference";
    static final int DEFAULT_BATCH = 128;
    static final double DEFAULT_MOMENTUM = 0.9;
    static final long DEFAULT_SEED = 42;

    static ExperimentSpec of(ExperimentRequest r, Map<String, Object> resolvedParams) {
        String schedule = r.schedule().trim().toLowerCase(java.util.Locale.ROOT);
        String name = r.name() != null && !r.name().isBlank() ? r.name().trim() : schedule + " lr=" + r.initialLr();
        return new ExperimentSpec(name, schedule, r.initialLr(), r.epochs(), resolvedParams,
                r.model() == null ? DEFAULT_MODEL : r.model().trim(),
                r.batchSize() == null ? DEFAULT_BATCH : r.batchSize(),
                r.momentum() == null ? DEFAULT_MOMENTUM : r.momentum(),
                r.weightDecay(),
                r.dataset() == null ? "cifar10" : r.dataset(),
                r.trainLimit() == null ? 0 : r.trainLimit(),
                r.testLimit() == null ? 0 : r.testLimit(),
                r.seed() == null ? DEFAULT_SEED : r.seed(),
                r.tags() == null ? List.of() : List.copyOf(new java.util.LinkedHashSet<>(r.tags())),
                r.priority() == null ? 0 : r.priority());
    }
}
