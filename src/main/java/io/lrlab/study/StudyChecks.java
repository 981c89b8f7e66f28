package io.lrlab.study;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every node, every {@code lrlab.studies.check-interval}, moves on each open study: what a node killed between a trial's
 * end and its study's decision left undone is done here. Not a driver: every node runs it, the study's row lock makes
 * them take turns, and a study with nothing due is left as it is.
 */
@Component
class StudyChecks implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StudyChecks.class);

    private final StudyStore store;
    private final StudyProgress progress;
    private final Duration interval;
    private ScheduledExecutorService timer;

    StudyChecks(StudyStore store, StudyProgress progress, @Value("${lrlab.studies.check-interval:10s}") Duration interval) {
        this.store = store;
        this.progress = progress;
        this.interval = interval;
    }

    void checkAll() {
        for (long id : store.open()) {
            try {
                progress.advance(id);
            } catch (RuntimeException e) {
                log.warn("Study {} could not move on now ({}); the next check tries again", id, e.toString());
            }
        }
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lrlab-study-checks");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                checkAll();
            } catch (RuntimeException e) {
                log.debug("Study check skipped: {}", e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
