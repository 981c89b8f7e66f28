package io.lrlab.schedule;

/** One broken rule: the field it concerns and what the rule is. */
public record Violation(String field, String message) {
}
