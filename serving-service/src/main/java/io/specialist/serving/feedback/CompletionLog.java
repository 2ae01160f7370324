package io.specialist.serving.feedback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.specialist.serving.config.FeedbackConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps served completions so they can be rated by id. A completion is held in memory until a background
 * thread writes it to the database with others in one transaction: the request path never waits for the
 * database, and a completion rated right after it was served is found in memory. What has not been written
 * when the process dies is lost; such a completion can still be rated as (model, prompt, completion).
 */
@ApplicationScoped
public class CompletionLog {

    private static final Logger LOG = Logger.getLogger(CompletionLog.class);
    private static final Duration PURGE_INTERVAL = Duration.ofHours(1);

    private final FeedbackConfig config;
    private final CompletionLogRepository repository;
    private final Map<String, CompletionRecord> pending = new ConcurrentHashMap<>();
    private final Counter unrecorded;
    private ScheduledExecutorService writer;

    public CompletionLog(FeedbackConfig config, CompletionLogRepository repository, MeterRegistry metrics) {
        this.config = config;
        this.repository = repository;
        this.unrecorded = Counter.builder("specialist.serving.completions.unrecorded")
                .description("completions not kept for feedback because the database writer fell behind")
                .register(metrics);
    }

    void onStart(@Observes StartupEvent start) {
        writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "completion-log");
            t.setDaemon(true);
            return t;
        });
        long flushMillis = config.flushInterval().toMillis();
        writer.scheduleWithFixedDelay(this::flushQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
        writer.scheduleWithFixedDelay(this::purgeQuietly, 0, PURGE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent stop) {
        if (writer == null) {
            return;
        }
        writer.shutdown();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
    }

    /** Keeps {@code record}; never blocks and never fails the completion it belongs to. */
    public void record(CompletionRecord record) {
        if (pending.size() >= config.maxPending()) {
            unrecorded.increment();
            return;
        }
        pending.put(record.id(), record);
    }

    public Optional<CompletionRecord> find(String id) {
        CompletionRecord waiting = pending.get(id);
        return waiting != null ? Optional.of(waiting) : repository.find(id);
    }

    /** Writes what is waiting; entries leave memory only once their transaction committed. */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<CompletionRecord> batch = new ArrayList<>(pending.values());
        repository.store(batch);
        batch.forEach(r -> pending.remove(r.id(), r));
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warnf("could not write %d completions for feedback (retrying): %s", pending.size(), e.getMessage());
        }
    }

    private void purgeQuietly() {
        try {
            long purged = repository.purgeBefore(Instant.now().minus(config.retention()));
            if (purged > 0) {
                LOG.infof("purged %d completions older than %s from the feedback log", purged, config.retention());
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not purge old completions: %s", e.getMessage());
        }
    }
}
