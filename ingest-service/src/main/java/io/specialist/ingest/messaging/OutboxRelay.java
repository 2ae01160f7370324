package io.specialist.ingest.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.specialist.events.CloudEventHeaders;
import io.specialist.ingest.config.IngestConfig;
import io.specialist.ingest.repository.OutboxEventEntity;
import io.specialist.ingest.repository.OutboxRepository;
import io.specialist.ingest.service.IngestMetrics;
import io.specialist.ingest.service.OutboxWritten;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes the transactional outbox to {@code specialist.documents.ingested}. One round locks the oldest
 * pending rows (skipping rows another replica's relay holds), sends them through the idempotent producer
 * of the {@code documents-ingested} channel ({@code enable.idempotence=true, acks=all}), waits for the
 * broker's acknowledgements and deletes exactly the acknowledged rows, all in one transaction. A crash
 * before the delete commits re-sends those rows with the same {@code ce_id}; consumers dedup on the
 * document id. Rounds run on one thread, woken after each ingest commit and every poll interval.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final OutboxRepository outbox;
    private final MutinyEmitter<String> emitter;
    private final IngestConfig config;
    private final IngestMetrics metrics;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private volatile Thread thread;
    private volatile Instant lastRoundAt;
    private volatile String lastError;

    public OutboxRelay(OutboxRepository outbox,
            @Channel(IngestChannels.INGESTED) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<String> emitter,
            IngestConfig config, IngestMetrics metrics) {
        this.outbox = outbox;
        this.emitter = emitter;
        this.config = config;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs before Reactive Messaging closes its producers, so a round in flight finishes its delete. */
    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        running = false;
        wakeUp.release();
        Thread current = thread;
        if (current != null) {
            try {
                current.join(config.outbox().sendTimeout().plusSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void onOutboxWritten(@Observes OutboxWritten event) {
        wakeUp.release();
    }

    /** Whether the relay thread is alive (it only ends on shutdown). */
    public boolean isRunning() {
        Thread current = thread;
        return running && current != null && current.isAlive();
    }

    public Instant lastRoundAt() {
        return lastRoundAt;
    }

    public String lastError() {
        return lastError;
    }

    private void loop() {
        Duration backoff = Duration.ofMillis(100);
        while (running) {
            try {
                int published = publishPending();
                lastRoundAt = Instant.now();
                lastError = null;
                backoff = Duration.ofMillis(100);
                if (published < config.outbox().batchSize()) {
                    wakeUp.tryAcquire(config.outbox().pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                lastError = e.toString();
                LOG.warnf("outbox relay round failed, retrying in %s: %s", backoff, e);
                try {
                    wakeUp.tryAcquire(backoff.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** One round: publishes up to a batch of pending events; returns how many were acknowledged and removed. */
    public int publishPending() {
        return QuarkusTransaction.requiringNew()
                .timeout((int) config.outbox().sendTimeout().plusSeconds(30).toSeconds())
                .call(this::publishLocked);
    }

    private int publishLocked() {
        List<OutboxEventEntity> rows = outbox.lockPending(config.outbox().batchSize());
        if (rows.isEmpty()) {
            return 0;
        }
        // Sent with the transaction suspended: the acknowledgements complete on producer threads, and a
        // transaction captured by context propagation there would be "active in two threads" at commit.
        // The row locks stay held by the suspended transaction's connection.
        long start = System.nanoTime();
        SendResult result = QuarkusTransaction.suspendingExisting().call(() -> sendAndAwait(rows));
        LOG.debugf("relay round: %d events acknowledged in %d ms", result.acknowledged().size(),
                (System.nanoTime() - start) / 1_000_000);
        List<Long> acknowledged = result.acknowledged();
        Throwable failure = result.failure();
        outbox.deleteByIds(acknowledged);
        metrics.published(acknowledged.size());
        int failed = rows.size() - acknowledged.size();
        if (failed > 0) {
            metrics.publishFailures(failed);
            lastError = String.valueOf(failure);
            LOG.warnf("%d of %d outbox events were not acknowledged and stay pending: %s", failed, rows.size(), failure);
        }
        return acknowledged.size();
    }

    private SendResult sendAndAwait(List<OutboxEventEntity> rows) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        for (OutboxEventEntity row : rows) {
            acks.add(emitter.sendMessage(message(row)).subscribeAsCompletionStage());
        }
        long deadline = System.nanoTime() + config.outbox().sendTimeout().toNanos();
        List<Long> acknowledged = new ArrayList<>(rows.size());
        Throwable failure = null;
        for (int i = 0; i < rows.size(); i++) {
            try {
                acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged.add(rows.get(i).id);
            } catch (ExecutionException | TimeoutException e) {
                failure = failure == null ? (e instanceof ExecutionException ? e.getCause() : e) : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new SendResult(acknowledged, failure);
    }

    private record SendResult(List<Long> acknowledged, Throwable failure) {
    }

    private Message<String> message(OutboxEventEntity row) {
        var headers = new CloudEventHeaders(row.eventId, row.eventType, config.eventSource(), row.createdAt)
                .toKafkaHeaders();
        return Message.of(row.payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(row.recordKey).withHeaders(headers).build());
    }
}
