package io.lrlab.training;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fills the next training batch (order, scaling, augmentation) on a thread of its own while the network trains on the
 * current one, so batch assembly costs the training thread no time.
 */
final class Prefetcher implements AutoCloseable {

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "lrlab-batches");
        thread.setDaemon(true);
        return thread;
    });
    private Future<Batches.Arrays> pending;
    private int pendingEpoch = -1;
    private int pendingBatch = -1;

    /** Batch {@code b} of epoch {@code epoch}, and starts filling the one after it. */
    Batches.Arrays take(Batches batches, int[] order, int epoch, int b, int count) {
        Batches.Arrays arrays;
        if (pending != null && pendingEpoch == epoch && pendingBatch == b) {
            arrays = await(pending);
        } else {
            if (pending != null) {
                pending.cancel(true);
            }
            arrays = batches.arrays(order, b, epoch);
        }
        pending = null;
        if (b + 1 < count) {
            int next = b + 1;
            pending = executor.submit(() -> batches.arrays(order, next, epoch));
            pendingEpoch = epoch;
            pendingBatch = next;
        }
        return arrays;
    }

    private static Batches.Arrays await(Future<Batches.Arrays> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not assemble a batch", e.getCause());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
