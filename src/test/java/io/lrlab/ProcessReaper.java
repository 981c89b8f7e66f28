package io.lrlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Makes the lrlab processes a test starts die with the test JVM, however it ends: killed with SIGKILL too, when no
 * shutdown hook runs. One watcher process per test JVM polls the JVM's pid and, once it is gone, kills every process
 * listed in its file; {@link #adopt} adds to the list.
 */
final class ProcessReaper {

    private static Path pids;

    private ProcessReaper() {
    }

    static synchronized void adopt(Process child) {
        try {
            if (pids == null) {
                pids = Files.createTempFile("lrlab-test-children-", ".pids");
                long self = ProcessHandle.current().pid();
                String watch = "while kill -0 " + self + " 2>/dev/null; do sleep 1; done; "
                        + "xargs -r kill -9 < '" + pids + "' 2>/dev/null; rm -f '" + pids + "'";
                new ProcessBuilder("setsid", "bash", "-c", watch).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            }
            Files.writeString(pids, child.pid() + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch the processes this test starts", e);
        }
    }
}
