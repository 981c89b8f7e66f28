package io.lrlab.chart;

import io.lrlab.error.Violation;
import java.util.Locale;

/**
 * How a chart is drawn: size, title override, log scale on y, and the output format.
 */
public record ChartOptions(int width, int height, String title, boolean logY, ChartFormat format) {

    public static final int MIN_SIZE = 200;
    public static final int MAX_SIZE = 4000;

    /** width, height (200..4000), title, logY and format: the options every chart endpoint takes. */
    public static ChartOptions parse(QueryReader q) {
        Integer width = q.whole("width", 800, MIN_SIZE, MAX_SIZE);
        Integer height = q.whole("height", 500, MIN_SIZE, MAX_SIZE);
        String title = q.text("title", 200);
        boolean logY = q.flag("logY", false);
        return new ChartOptions(width, height, title, logY, format(q));
    }

    private static ChartFormat format(QueryReader q) {
        String raw = q.query().getFirst("format");
        if (raw == null || raw.isBlank()) {
            return ChartFormat.PNG;
        }
        try {
            return ChartFormat.valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            q.violations().add(new Violation("format", "must be png or svg"));
            return ChartFormat.PNG;
        }
    }
}
