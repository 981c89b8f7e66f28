package io.lrlab.chart;

import io.lrlab.error.Violation;
import java.util.List;
import java.util.Locale;
import org.springframework.util.MultiValueMap;

/** Typed reads from a query string that record a violation instead of throwing, so one answer lists every bad parameter. */
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
}
