package io.specialist.drift.service;

import io.quarkus.runtime.ShutdownEvent;
import io.specialist.drift.config.DriftConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A bounded queue of fetched batches and the one thread that scores them. One thread keeps each domain's
 * documents in order (a domain's events share a partition, and batches are queued in poll order); the
 * bound makes {@link #submit} block when scoring falls behind, which stops the Kafka consumer from
 * polling more instead of buffering without limit. Fetching the next batch overlaps scoring this one.
 */
@ApplicationScoped
public class ScoringPipeline {

    private static final Logger LOG = Logger.getLogger(ScoringPipeline.class);
    private static final int ATTEMPTS = 3;

    private record Work(List<IncomingDocument> documents, Runnable onDone) {
    }

    private final DriftService drift;
    private final DriftMetrics metrics;
    private final ModelSync sync;
    private final Duration startupWait;
    private final BlockingQueue<Work> queue;
    private volatile boolean running;
    private Thread worker;

    public ScoringPipeline(DriftConfig config, DriftService drift, DriftMetrics metrics, ModelSync sync) {
        this.drift = drift;
        this.metrics = metrics;
        this.sync = sync;
        this.startupWait = config.models().startupWait();
        this.queue = new ArrayBlockingQueue<>(config.scoring().queueCapacity());
    }

    /** Started with the bean, so it runs before the Kafka connector can deliver the first batch. */
    @PostConstruct
    void start() {
        running = true;
        worker = new Thread(this::run, "drift-scorer");
        worker.setDaemon(true);
        worker.start();
        metrics.queueGauge(queue::size);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Batches still queued are not acknowledged: Kafka redelivers them after the restart.
    }

    /**
     * Queues a batch; blocks while the queue is full (back-pressure on the consumer). During shutdown the
     * batch is dropped unacknowledged, so Kafka redelivers it after the restart.
     *
     * @param onDone runs once the batch's state is committed (acknowledges the Kafka records)
     */
    public void submit(List<IncomingDocument> documents, Runnable onDone) throws InterruptedException {
        Work work = new Work(documents, onDone);
        while (running) {
            if (queue.offer(work, 200, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    public boolean alive() {
        return worker != null && worker.isAlive();
    }

    public int queued() {
        return queue.size();
    }

    private void run() {
        if (!awaitModels()) {
            return;
        }
        while (running) {
            Work work;
            try {
                work = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (process(work)) {
                work.onDone().run();
            } else {
                return; // stopping: leave the batch unacknowledged
            }
        }
    }

    /** Waits (bounded) for the startup load of the registry's models; false if interrupted by shutdown. */
    private boolean awaitModels() {
        long deadline = System.nanoTime() + startupWait.toNanos();
        while (!sync.synced() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return false;
            }
        }
        if (!sync.synced()) {
            LOG.warnf("scoring starts without the registry's models (not loaded within %s); they are used once loaded",
                    startupWait);
        }
        return true;
    }

    /** Processes a batch, retrying transient failures; false only if interrupted by shutdown. */
    private boolean process(Work work) {
        for (int attempt = 1; ; attempt++) {
            try {
                if (!work.documents().isEmpty()) {
                    drift.process(work.documents());
                }
                return true;
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS) {
                    // Never block the partition: a drift monitor that skips a batch is better than one that stops.
                    metrics.batchFailed();
                    LOG.errorf(e, "skipped a batch of %d documents after %d attempts", work.documents().size(), attempt);
                    return true;
                }
                LOG.warnf("batch of %d documents failed (attempt %d of %d), retrying: %s", work.documents().size(),
                        attempt, ATTEMPTS, e.toString());
                try {
                    Thread.sleep(1000L << (attempt - 1));
                } catch (InterruptedException ie) {
                    return false;
                }
            }
        }
    }
}
