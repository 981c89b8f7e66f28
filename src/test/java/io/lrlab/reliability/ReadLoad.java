package io.lrlab.reliability;

import io.lrlab.web.Http;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded read load: four client threads cycling over a list of GETs, paced together to {@code rate} requests a
 * second, recording each answer's latency and every error (a status other than 200 or an exception).
 */
final class ReadLoad {

    private static final int THREADS = 4;

    private final List<Thread> threads = new ArrayList<>();
    private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private volatile boolean running = true;
    private final long startNanos = System.nanoTime();
    private volatile long stopNanos;

    private ReadLoad() {
    }

    static ReadLoad start(Http http, int rate, List<String> paths) {
        ReadLoad load = new ReadLoad();
        long intervalNanos = 1_000_000_000L * THREADS / rate;
        for (int t = 0; t < THREADS; t++) {
            int offset = t;
            Thread thread = new Thread(() -> {
                long next = System.nanoTime();
                for (int i = offset; load.running; i++) {
                    String path = paths.get(i % paths.size());
                    long start = System.nanoTime();
                    try {
                        int status = http.get(path).statusCode();
                        if (status != 200) {
                            load.error(path + " answered " + status);
                        }
                    } catch (RuntimeException e) {
                        load.error(path + ": " + e);
                    }
                    load.latencies.add(System.nanoTime() - start);
                    load.requests.incrementAndGet();
                    next += intervalNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                }
            }, "read-load-" + t);
            thread.start();
            load.threads.add(thread);
        }
        return load;
    }

    private void error(String sample) {
        if (errors.incrementAndGet() <= 5) {
            errorSamples.add(sample);
        }
    }

    void stop() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join();
        }
        stopNanos = System.nanoTime();
    }

    long requests() {
        return requests.get();
    }

    int errors() {
        return errors.get();
    }

    List<String> errorSamples() {
        return List.copyOf(errorSamples);
    }

    double requestsPerSecond() {
        return requests.get() / ((stopNanos - startNanos) / 1e9);
    }

    double percentileMillis(int percentile) {
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100)) / 1e6;
    }
}
