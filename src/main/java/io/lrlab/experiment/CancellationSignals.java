package io.lrlab.experiment;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Cancel requests for runs in this process, seen by the trainer before its next batch (the database tells other processes). */
@Component
public class CancellationSignals {

    private final Set<Long> cancelled = ConcurrentHashMap.newKeySet();

    public void signal(long id) {
        cancelled.add(id);
    }

    public boolean isSignalled(long id) {
        return cancelled.contains(id);
    }

    public void clear(long id) {
        cancelled.remove(id);
    }
}
