package io.lrlab.sweep;

import io.lrlab.error.InvalidInputException;
import io.lrlab.experiment.ExperimentRequest;
import io.lrlab.experiment.ExperimentStatus;
import io.lrlab.experiment.ExperimentView;
import io.lrlab.stats.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * He et al. 2016, "Deep Residual Learning for Image Recognition", section 4.2, as lrlab runs it: lr 0.1, divided by 10
 * at 32k and 48k iterations, stopped at 64k; batch 128, weight decay 1e-4 (the presets' own), momentum 0.9; pad-4
 * random crop and horizontal flip; 45k training images (the paper's 45k/5k train/validation split: the 5k are left
 * out), test error on the 10k test images. The iterations become epochs of 352 batches (45,000 / 128, rounded up):
 * drops at epochs 91 and 136, the end at 182. {@code scale} shrinks all three together.
 */
final class He2016Protocol {

    static final String PROTOCOL = "he2016";
    static final int TRAIN_IMAGES = 45_000;
    static final int BATCH = 128;
    static final int ITERATIONS = 64_000;
    static final int[] DROPS = {32_000, 48_000};
    /** Table 6's test error (%), the best of 5 runs for 110 layers being 6.43 and the mean 6.61 +- 0.16. */
    static final Map<Integer, Double> PAPER_TEST_ERROR = Map.of(20, 8.75, 32, 7.51, 44, 7.17, 56, 6.97, 110, 6.43);

    private He2016Protocol() {
    }

    /** The sweep's experiments: one per depth and seed, named for both. */
    static List<ExperimentRequest> experiments(He2016Request r) {
        List<Integer> depths = r.depths() == null ? List.of(20, 56) : r.depths();
        List<Long> seeds = r.seeds() == null ? List.of(1L, 2L, 3L) : r.seeds();
        double scale = r.scale() == null ? 1.0 : r.scale();
        for (int i = 0; i < depths.size(); i++) {
            if (!PAPER_TEST_ERROR.containsKey(depths.get(i))) {
                throw InvalidInputException.of("depths[" + i + "]", "is one of 20, 32, 44, 56, 110");
            }
        }
        int perEpoch = (TRAIN_IMAGES + BATCH - 1) / BATCH;
        int epochs = (int) Math.round(ITERATIONS * scale / perEpoch);
        int first = (int) Math.round(DROPS[0] * scale / perEpoch);
        int second = (int) Math.round(DROPS[1] * scale / perEpoch);
        if (!(scale > 0) || first < 1 || second <= first || epochs <= second) {
            throw InvalidInputException.of("scale", String.format(Locale.ROOT, "%.4f leaves fewer than 3 distinct epochs between the drops "
                    + "(64k iterations are %d epochs of %d batches); use at least 0.02", scale, ITERATIONS / perEpoch, perEpoch));
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("boundaries", List.of(first, second));
        params.put("values", List.of(0.1, 0.01, 0.001));
        List<ExperimentRequest> out = new ArrayList<>();
        for (int depth : depths) {
            for (long seed : seeds) {
                String name = String.format(Locale.ROOT, "he2016: resnet%d seed=%d%s", depth, seed, scale == 1.0 ? "" : " scale=" + scale);
                out.add(new ExperimentRequest(name, "piecewise", 0.1, epochs, params, "resnet" + depth, BATCH, 0.9, null, "cifar10",
                        TRAIN_IMAGES, 0, seed, List.of(PROTOCOL, "resnet" + depth), r.priority(), null, true, null));
            }
        }
        return out;
    }

    /**
     * Each depth beside the paper: mean test error over the completed runs, its 95% interval, and whether the paper's
     * figure lies inside it.
     */
    static List<PaperComparison> compare(List<ExperimentView> runs, double scale) {
        Map<String, List<Double>> errors = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ExperimentView run : runs) {
            String model = run.spec().model();
            counts.merge(model, 1, Integer::sum);
            errors.computeIfAbsent(model, k -> new ArrayList<>());
            if ((run.status() == ExperimentStatus.COMPLETED) && run.results() != null && run.results().finalValAcc() != null) {
                errors.get(model).add(100 * (1 - run.results().finalValAcc()));
            }
        }
        List<PaperComparison> out = new ArrayList<>();
        errors.forEach((model, values) -> {
            int depth = Integer.parseInt(model.substring("resnet".length()));
            double paper = PAPER_TEST_ERROR.get(depth);
            Summary summary = values.isEmpty() ? null : Summary.of(values.stream().mapToDouble(Double::doubleValue).toArray());
            Boolean inside = summary == null || summary.ci95Low() == null ? null : paper >= summary.ci95Low() && paper <= summary.ci95High();
            out.add(new PaperComparison(model, counts.get(model), values.size(), summary, paper, inside, scale));
        });
        return out;
    }

    /**
     * @param testError  the runs' final test error in %, with its 95% interval over seeds
     * @param paperInside whether the paper's figure lies inside that interval; null below two completed runs
     * @param scale      below 1 the runs trained for fewer iterations than the paper's, and are expected to err more
     */
    record PaperComparison(String model, int runs, int completed, Summary testError, double paperTestError, Boolean paperInside,
                           double scale) {
    }
}
