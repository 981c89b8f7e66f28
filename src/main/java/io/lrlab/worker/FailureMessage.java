package io.lrlab.worker;

import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * The words an experiment that failed is left with (its {@code error}): what went wrong and, where lrlab knows, what to
 * do. The failures lrlab raises itself (a missing data set, an invalid spec) already say so; native memory, a full
 * disk and a file system error get the advice here.
 */
final class FailureMessage {

    static final int MAX_LENGTH = 3900;

    private FailureMessage() {
    }

    static String of(Throwable failure) {
        return shorten(describe(failure));
    }

    private static String describe(Throwable failure) {
        if (failure instanceof OutOfMemoryError) {
            return "out of memory (" + text(failure) + "); use a smaller batch size, model or trainLimit, or give the "
                    + "worker more memory";
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FileSystemException fs && noSpace(fs)) {
                return "no space left on the device" + (fs.getFile() != null ? " writing " + fs.getFile() : "")
                        + "; free space in the data directory (lrlab.data-dir) or the artifact store";
            }
            if (t instanceof OutOfMemoryError) {
                return describe(t);
            }
        }
        return text(failure);
    }

    private static boolean noSpace(FileSystemException e) {
        String reason = String.valueOf(e.getReason()) + " " + e.getMessage();
        return reason.toLowerCase(Locale.ROOT).contains("no space left");
    }

    private static String text(Throwable t) {
        return t.getMessage() != null && !t.getMessage().isBlank() ? t.getMessage() : t.getClass().getSimpleName();
    }

    private static String shorten(String message) {
        return message.length() > MAX_LENGTH ? message.substring(0, MAX_LENGTH) : message;
    }
}
