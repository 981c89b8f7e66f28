package io.lrlab.kernel;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Runs numbered tasks round-robin on the calling thread and a small daemon pool, one thread per core, or as many as the
 * calling thread's share ({@link KernelThreads#use}).
 */
final class Parallel {

    static final int THREADS = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    private static final ExecutorService POOL = Executors.newFixedThreadPool(Math.max(1, THREADS - 1), r -> {
        Thread t = new Thread(r, "lrlab-kernels");
        t.setDaemon(true);
        return t;
    });

    private Parallel() {
    }

    static void forEach(int tasks, IntConsumer body) {
        int threads = KernelThreads.width();
        if (threads == 1 || tasks < 2) {
            for (int k = 0; k < tasks; k++) {
                body.accept(k);
            }
            return;
        }
        Future<?>[] others = new Future<?>[threads - 1];
        for (int t = 1; t < threads; t++) {
            int first = t;
            others[t - 1] = POOL.submit(() -> {
                for (int k = first; k < tasks; k += threads) {
                    body.accept(k);
                }
            });
        }
        for (int k = 0; k < tasks; k += threads) {
            body.accept(k);
        }
        for (Future<?> f : others) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
