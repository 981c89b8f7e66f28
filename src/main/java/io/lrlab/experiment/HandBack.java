package io.lrlab.experiment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What became of an experiment handed back to the queue: queued again after a wait, or FAILED because too many attempts
 * in a row made no progress; {@code stalled} counts those attempts.
 */
public record HandBack(Outcome outcome, int stalled, Duration delay, String error) {

    /** The reasons kept with an experiment: the last few, each short, so the FAILED message stays readable. */
    private static final int REASONS_KEPT = 3;
    private static final int REASON_LENGTH = 600;
    private static final String SEPARATOR = "\n";

    public enum Outcome { REQUEUED, FAILED, NOT_HELD }

    static HandBack requeued(int stalled, Duration wait) {
        return new HandBack(Outcome.REQUEUED, stalled, wait, null);
    }

    static HandBack failed(int stalled, String error) {
        return new HandBack(Outcome.FAILED, stalled, Duration.ZERO, error);
    }

    static HandBack notHeld() {
        return new HandBack(Outcome.NOT_HELD, 0, Duration.ZERO, null);
    }

    /** The earlier reasons with this attempt's appended, the oldest dropped beyond the last few. */
    static String remember(String earlier, int attempt, String reason) {
        List<String> reasons = new ArrayList<>(earlier == null || earlier.isBlank() ? List.of()
                : Arrays.asList(earlier.split(SEPARATOR)));
        String text = reason == null || reason.isBlank() ? "no reason given" : reason.strip().replace('\n', ' ');
        reasons.add("attempt " + attempt + ": " + (text.length() > REASON_LENGTH ? text.substring(0, REASON_LENGTH) + "..." : text));
        return String.join(SEPARATOR, reasons.subList(Math.max(0, reasons.size() - REASONS_KEPT), reasons.size()));
    }

    static String gaveUp(int stalled, String reasons) {
        return "gave up after " + stalled + " attempts in a row that made no progress; the last reasons: "
                + reasons.replace(SEPARATOR, "; ");
    }
}
