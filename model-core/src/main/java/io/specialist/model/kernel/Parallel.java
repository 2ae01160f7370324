package io.specialist.model.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a loop over {@code [0, n)} on a fixed pool of worker threads.
 *
 * <p>Every caller in model-core splits work so that each output element is written by exactly one
 * task and computed in the same order whatever the split: results are therefore bit-identical for
 * any thread count, and a training run is reproducible from its seed. Nothing here reduces partial
 * sums across threads.
 *
 * <p>The thread count is {@code Runtime.availableProcessors()} unless the system property
 * {@code specialist.model.threads} says otherwise.
 */
public final class Parallel {

    /** A body that processes the half-open index range {@code [start, end)}. */
    @FunctionalInterface
    public interface Range {
        void run(int start, int end);
    }

    private static final int THREADS = Math.max(1,
            Integer.getInteger("specialist.model.threads", Runtime.getRuntime().availableProcessors()));

    // Over-split a little so a core that is busy with something else does not stall the whole step.
    private static final int TASKS_PER_THREAD = 4;

    private static final ForkJoinPool POOL = new ForkJoinPool(THREADS, pool -> {
        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        t.setName("specialist-model-" + t.getPoolIndex());
        t.setDaemon(true);
        return t;
    }, null, false);

    private Parallel() {
    }

    /** Number of worker threads. */
    public static int threads() {
        return THREADS;
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into contiguous chunks of at least {@code grain}
     * indices (chunk starts are multiples of {@code align}). Small ranges, single-threaded
     * configurations and nested calls run inline on the caller.
     */
    public static void range(int n, int grain, int align, Range body) {
        if (n <= 0) {
            return;
        }
        int chunks = Math.min(THREADS * TASKS_PER_THREAD, n / Math.max(1, grain));
        if (THREADS == 1 || chunks <= 1 || Thread.currentThread() instanceof ForkJoinWorkerThread) {
            body.run(0, n);
            return;
        }
        int step = (n + chunks - 1) / chunks;
        step = ((step + align - 1) / align) * align;
        int count = (n + step - 1) / step;
        int chunk = step;
        // The caller and THREADS - 1 helpers take chunks in turn; which thread runs a chunk varies,
        // what the chunk computes does not.
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                body.run(i * chunk, Math.min(n, (i + 1) * chunk));
            }
        };
        int helpers = Math.min(THREADS - 1, count - 1);
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[helpers];
        for (int i = 0; i < helpers; i++) {
            tasks[i] = POOL.submit(worker);
        }
        worker.run();
        for (ForkJoinTask<?> task : tasks) {
            task.join();
        }
    }

    /** {@link #range(int, int, int, Range)} with no alignment constraint. */
    public static void range(int n, int grain, Range body) {
        range(n, grain, 1, body);
    }
}
