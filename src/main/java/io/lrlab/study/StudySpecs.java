package io.lrlab.study;

import io.lrlab.experiment.ExperimentRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/** A study's stored request read back, and the experiment each trial becomes. */
@Component
class StudySpecs {

    static final int DEFAULT_TRIALS = 20;
    static final int DEFAULT_PARALLELISM = 2;

    private final ObjectMapper json;

    StudySpecs(ObjectMapper json) {
        this.json = json;
    }

    StudyRequest read(StudyStore.StudyRow row) {
        return json.readValue(row.spec(), StudyRequest.class);
    }

    String write(Object value) {
        return json.writeValueAsString(value);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> params(String paramsJson) {
        return json.readValue(paramsJson, java.util.LinkedHashMap.class);
    }

    static Pruner pruner(StudyRequest r) {
        return r.pruner() == null ? Pruner.NONE : r.pruner();
    }

    static long seed(StudyRequest r) {
        return r.seed() == null ? io.lrlab.experiment.ExperimentSpec.DEFAULT_SEED : r.seed();
    }

    static int parallelism(StudyRequest r) {
        return r.parallelism() == null ? DEFAULT_PARALLELISM : r.parallelism();
    }

    static int trialBudget(StudyRequest r, Space space) {
        if (r.budget() != null && r.budget().trials() != null) {
            return r.budget().trials();
        }
        return "grid".equals(r.sampler()) ? (int) Math.min(space.gridSize(), 200) : DEFAULT_TRIALS;
    }

    static long epochBudget(StudyRequest r) {
        return r.budget() == null || r.budget().epochs() == null ? Long.MAX_VALUE : r.budget().epochs();
    }

    /** Epochs a new trial is sure to train: to the first rung under asha, to the end otherwise. */
    static int firstStage(StudyRequest r) {
        Pruner p = pruner(r);
        return "asha".equals(p.effectiveType()) ? p.effectiveMinEpochs() : r.epochs();
    }

    /** The experiment trial {@code number} trains. */
    static ExperimentRequest experiment(StudyRequest r, long studyId, String studyName, int number, Map<String, Object> params,
                                        long seed, boolean confirmation) {
        String name = String.format(Locale.ROOT, "%s #%d%s: %s lr=%.4g", studyName, number, confirmation ? " (best, seed " + seed + ")" : "",
                Space.schedule(params), Space.initialLr(params));
        List<String> tags = new ArrayList<>(r.tags() == null ? List.of() : r.tags());
        tags.add("study-" + studyId);
        return new ExperimentRequest(name, Space.schedule(params), Space.initialLr(params), r.epochs(), Space.scheduleParams(params),
                r.model(), r.batchSize(), r.momentum(), r.weightDecay(), r.dataset(), r.trainLimit(), r.testLimit(), seed, tags,
                r.priority(), null, r.augment(), r.precision());
    }
}
