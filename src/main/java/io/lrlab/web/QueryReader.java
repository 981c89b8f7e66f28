package io.lrlab.web;

import io.lrlab.chart.ChartFormat;
import io.lrlab.chart.ChartOptions;
import io.lrlab.schedule.Violation;
import java.util.List;
import java.util.Locale;
import org.springframework.util.MultiValueMap;

/** Typed reads from a query string that record a violation instead of throwing. */
public record QueryReader(MultiValueMap<String, String> query, List<Violation> violations) {

    public Double decimal(String name, double fallback) {
        String raw = query.getFirst(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            violations.add(new Violation(name, "must be a number but was '" + raw + "'"));
            return null;
        }
    }

    public Integer whole(String name, int fallback, int min, int max) {
        String raw = query.getFirst(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value < min || value > max) {
                violations.add(new Violation(name, "must be in [" + min + ", " + max + "] but was " + value));
            }
            return value;
        } catch (NumberFormatException e) {
            violations.add(new Violation(name, "must be a whole number in [" + min + ", " + max + "] but was '" + raw + "'"));
            return fallback;
        }
    }

    public boolean flag(String name, boolean fallback) {
        String raw = query.getFirst(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> {
                violations.add(new Violation(name, "must be true or false"));
                yield fallback;
            }
        };
    }

    public String text(String name, int maxLength) {
        String raw = query.getFirst(name);
        if (raw != null && raw.length() > maxLength) {
            violations.add(new Violation(name, "must be at most " + maxLength + " characters"));
            return null;
        }
        return raw;
    }

    /** width, height (200..4000), title, logY and format: the options every chart endpoint takes. */
    public ChartOptions chartOptions() {
        Integer width = whole("width", 800, ChartOptions.MIN_SIZE, ChartOptions.MAX_SIZE);
        Integer height = whole("height", 500, ChartOptions.MIN_SIZE, ChartOptions.MAX_SIZE);
        String title = text("title", 200);
        boolean logY = flag("logY", false);
        return new ChartOptions(width, height, title, logY, format());
    }

    public ChartFormat format() {
        String raw = query.getFirst("format");
        if (raw == null || raw.isBlank()) {
            return ChartFormat.PNG;
        }
        try {
            return ChartFormat.valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            violations.add(new Violation("format", "must be png or svg"));
            return ChartFormat.PNG;
        }
    }
}
