package io.lrlab.chart;

import io.lrlab.error.InvalidInputException;
import io.lrlab.error.Violation;
import java.util.ArrayList;
import java.util.List;
import org.springframework.util.MultiValueMap;

/**
 * The query parameters every chart takes, validated with bounds: size, title, log scale, smoothing
 * (exponential moving average weight, as TensorBoard's), an epoch range and the format.
 */
record ChartRequest(ChartOptions options, double smoothing, int fromEpoch, int toEpoch) {

    static ChartRequest parse(MultiValueMap<String, String> query) {
        List<Violation> violations = new ArrayList<>();
        QueryReader q = new QueryReader(query, violations);
        ChartOptions options = ChartOptions.parse(q);
        Double smoothing = q.decimal("smoothing", 0);
        if (smoothing != null && (!(smoothing >= 0) || smoothing >= 1)) {
            violations.add(new Violation("smoothing", "must be in [0, 1)"));
        }
        Integer from = q.whole("from", 0, 0, 1000);
        Integer to = q.whole("to", 1000, 0, 1000);
        if (from != null && to != null && from > to) {
            violations.add(new Violation("from", "must not be after 'to'"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new ChartRequest(options, smoothing, from, to);
    }

    boolean includes(int epoch) {
        return epoch >= fromEpoch && epoch <= toEpoch;
    }

    /** Exponential moving average: s_t = w * s_(t-1) + (1 - w) * y_t. */
    double[] smooth(double[] values) {
        if (smoothing == 0 || values.length == 0) {
            return values;
        }
        double[] out = new double[values.length];
        out[0] = values[0];
        for (int i = 1; i < values.length; i++) {
            out[i] = smoothing * out[i - 1] + (1 - smoothing) * values[i];
        }
        return out;
    }
}
