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

    /** The randomness of one decision of the study: it depends only on the study's seed and {@code salt}. */
    static java.util.Random random(StudyRequest r, long salt) {
        return new java.util.Random(seed(r) * 0x9E3779B97F4A7C15L + salt);
    }

    static int parallelism(StudyRequest r) {
        return r.parallelism() == null ? DEFAULT_PARALLELISM : r.parallelism();
    }

    static int trialBudget(StudyRequest r, Space space) {
        if (r.pbt()) {
            return r.effectivePopulation().effectiveSize();
        }
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

    /** The space the study's sampler draws from: population-based training draws only the initial rate. */
    static SearchSpace space(StudyRequest r) {
        if (!r.pbt()) {
            return r.space();
        }
        return new SearchSpace(List.of(PBT_SCHEDULE), r.space() == null ? null : r.space().initialLr(), null, null);
    }

    static final String PBT_SCHEDULE = "piecewise";

    /** Population-based training's generation boundaries: every {@code interval} epochs below the trials' epochs. */
    static List<Integer> boundaries(StudyRequest r) {
        int interval = r.effectivePopulation().effectiveInterval();
        List<Integer> out = new ArrayList<>();
        for (int b = interval; b < r.epochs(); b += interval) {
            out.add(b);
        }
        return out;
    }

    /**
     * A member's piecewise-constant schedule: {@code rates.get(g)} from generation g's first epoch on, the last rate to
     * the end (the rate a member trains with after its latest exploit, until the next one).
     */
    static Map<String, Object> piecewise(StudyRequest r, List<Double> rates) {
        List<Integer> boundaries = boundaries(r);
        List<Double> values = new ArrayList<>();
        for (int k = 0; k <= boundaries.size(); k++) {
            values.add(rates.get(Math.min(k, rates.size() - 1)));
        }
        Map<String, Object> params = new java.util.LinkedHashMap<>();
        params.put("boundaries", boundaries);
        params.put("values", values);
        return params;
    }

    /** The experiment member {@code number} of a population trains, from its initial rate. */
    static ExperimentRequest member(StudyRequest r, long studyId, String studyName, int number, double lr) {
        return request(r, studyId, String.format(Locale.ROOT, "%s #%d: pbt member lr=%.4g", studyName, number, lr), PBT_SCHEDULE, lr,
                piecewise(r, List.of(lr)), seed(r));
    }

    /** The experiment trial {@code number} trains. */
    static ExperimentRequest experiment(StudyRequest r, long studyId, String studyName, int number, Map<String, Object> params,
                                        long seed, boolean confirmation) {
        String name = String.format(Locale.ROOT, "%s #%d%s: %s lr=%.4g", studyName, number, confirmation ? " (best, seed " + seed + ")" : "",
                Space.schedule(params), Space.initialLr(params));
        return request(r, studyId, name, Space.schedule(params), Space.initialLr(params), Space.scheduleParams(params), seed);
    }

    /**
     * An experiment the study queues: its schedule and seed, the study's training settings, and the study's tags plus
     * {@code study-<id>}.
     */
    static ExperimentRequest request(StudyRequest r, long studyId, String name, String schedule, double lr, Map<String, Object> params,
                                     long seed) {
        List<String> tags = new ArrayList<>(r.tags() == null ? List.of() : r.tags());
        tags.add("study-" + studyId);
        return new ExperimentRequest(name, schedule, lr, r.epochs(), params, r.model(), r.batchSize(), r.momentum(), r.weightDecay(),
                r.dataset(), r.trainLimit(), r.testLimit(), seed, tags, r.priority(), null, r.augment(), r.precision());
    }
}
