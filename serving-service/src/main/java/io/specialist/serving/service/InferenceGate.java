package io.specialist.serving.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.specialist.serving.config.ServingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds concurrent inference: at most {@code max-concurrent} run, at most {@code max-queued} wait (each
 * at most {@code queue-timeout}); everything beyond gets 503 with Retry-After at once. This keeps memory
 * and latency bounded under overload instead of piling threads onto two cores.
 */
@ApplicationScoped
public class InferenceGate {

    private final Semaphore running;
    private final int maxQueued;
    private final long timeoutNanos;
    private final int retryAfterSeconds;
    private final AtomicInteger waiting = new AtomicInteger();
    private final Counter rejectedFull;
    private final Counter rejectedTimeout;

    @Inject
    public InferenceGate(ServingConfig config, MeterRegistry metrics) {
        this(config.serving().maxConcurrent(), config.serving().maxQueued(), config.serving().queueTimeout(),
                config.serving().retryAfterSeconds(), metrics);
    }

    public InferenceGate(int maxConcurrent, int maxQueued, Duration queueTimeout, int retryAfterSeconds,
                         MeterRegistry metrics) {
        int capacity = Math.max(1, maxConcurrent);
        this.running = new Semaphore(capacity, true);
        this.maxQueued = Math.max(0, maxQueued);
        this.timeoutNanos = queueTimeout.toNanos();
        this.retryAfterSeconds = retryAfterSeconds;
        Gauge.builder("specialist.serving.inference.running", running, r -> capacity - r.availablePermits())
                .description("inferences running now").register(metrics);
        Gauge.builder("specialist.serving.inference.waiting", waiting, AtomicInteger::get)
                .description("requests waiting for an inference slot").register(metrics);
        this.rejectedFull = Counter.builder("specialist.serving.requests.rejected").tag("reason", "queue-full")
                .description("requests answered 503 because the server was at capacity").register(metrics);
        this.rejectedTimeout = Counter.builder("specialist.serving.requests.rejected").tag("reason", "queue-timeout")
                .description("requests answered 503 because the server was at capacity").register(metrics);
    }

    /** A held inference slot; close it when the inference is done (also when it failed). */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes a slot, waiting at most the queue timeout.
     *
     * @throws ServingException 503 with Retry-After when no slot frees up in time or the queue is full
     */
    public Permit enter() {
        if (!running.tryAcquire()) {
            if (waiting.incrementAndGet() > maxQueued) {
                waiting.decrementAndGet();
                rejectedFull.increment();
                throw busy("all " + "inference slots are busy and " + maxQueued + " requests are already waiting");
            }
            try {
                if (!running.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
                    rejectedTimeout.increment();
                    throw busy("no inference slot became free within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw busy("interrupted while waiting for an inference slot");
            } finally {
                waiting.decrementAndGet();
            }
        }
        return new Permit() {
            private boolean released;

            @Override
            public synchronized void close() {
                if (!released) {
                    released = true;
                    running.release();
                }
            }
        };
    }

    private ServingException busy(String why) {
        return ServingException.unavailable("Server busy", why + "; retry after " + retryAfterSeconds + " s",
                retryAfterSeconds);
    }
}
