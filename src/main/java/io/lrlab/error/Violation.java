package io.lrlab.error;

/** One broken rule: the field it concerns and what the rule is. */
public record Violation(String field, String message) {

    /** "field: message; field: message", the one-line summary every error detail uses. */
    public static String describe(java.util.List<Violation> violations) {
        return String.join("; ", violations.stream().map(v -> v.field() + ": " + v.message()).toList());
    }
}
