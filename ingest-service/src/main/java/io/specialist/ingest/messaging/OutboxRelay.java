package io.specialist.ingest.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.specialist.events.CloudEventHeaders;
import io.specialist.ingest.config.IngestConfig;
import io.specialist.ingest.repository.OutboxBatchEntity;
import io.specialist.ingest.repository.OutboxLine;
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
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes the transactional outbox to {@code specialist.documents.ingested}. One round locks the oldest
 * pending batch rows up to {@code outbox.batch-size} events (skipping rows another replica's relay holds),
 * sends all their events through the idempotent producer of the {@code documents-ingested} channel
 * ({@code enable.idempotence=true, acks=all}; the channel's own Kafka producer, used directly: going through
 * the channel's emitter cost about 1 ms per event, which capped ingest at about 1,000 documents per second),
 * waits for the broker's acknowledgements and deletes the
 * fully acknowledged rows (a partly acknowledged row keeps only its unacknowledged events), all in one
 * transaction. A crash before the delete commits re-sends those events with the same {@code ce_id};
 * consumers dedup on the document id. Rounds run on one thread, back to back while they find events,
 * else woken after each ingest commit and every poll interval.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final OutboxRepository outbox;
    private final KafkaClientService kafka;
    private final String topic;
    private final IngestConfig config;
    private final IngestMetrics metrics;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private volatile Thread thread;
    private volatile Instant lastRoundAt;
    private volatile String lastError;
    private Producer<String, String> producer;

    /**
     * @param channel unused, but it keeps the {@code documents-ingested} channel (and so its configured
     *                producer, whose settings the chart and the properties own) in the application
     */
    public OutboxRelay(OutboxRepository outbox,
            @Channel(IngestChannels.INGESTED) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<String> channel,
            KafkaClientService kafka,
            @ConfigProperty(name = "mp.messaging.outgoing.documents-ingested.topic") String topic,
            IngestConfig config, IngestMetrics metrics) {
        this.outbox = outbox;
        this.kafka = kafka;
        this.topic = topic;
        this.config = config;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent event) {
        producer = kafka.<String, String>getProducer(IngestChannels.INGESTED).unwrap();
        running = true;
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Runs before Reactive Messaging closes its producers and before the datasource closes, and waits for
     * the round in flight for as long as a round can last (its transaction timeout), so a graceful stop
     * deletes every event it sent. Waiting less (it used to wait send-timeout + 5 s) let a round that was
     * slow under load lose its producer or datasource after sending, and the restart re-sent its events.
     */
    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        running = false;
        wakeUp.release();
        Thread current = thread;
        if (current == null) {
            return;
        }
        long start = System.nanoTime();
        try {
            current.join(roundTimeout().plusSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (current.isAlive()) {
            LOG.warnf("outbox relay round still running after %s; its events will be sent again after the restart",
                    roundTimeout().plusSeconds(5));
        } else {
            LOG.infof("outbox relay stopped after %d ms", (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** The longest a round may take: the broker's acknowledgements plus margin for the database work. */
    private Duration roundTimeout() {
        return config.outbox().sendTimeout().plusSeconds(30);
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
                // A round takes whole stored batches, so one that found events may have left others
                // pending (a 964-event batch fills most of a 1,000-event budget): wait only when idle.
                if (published == 0) {
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
                .timeout((int) roundTimeout().toSeconds())
                .call(this::publishLocked);
    }

    private int publishLocked() {
        List<OutboxBatchEntity> rows = outbox.lockPending(config.outbox().batchSize());
        if (rows.isEmpty()) {
            return 0;
        }
        List<List<OutboxLine>> events = rows.stream().map(row -> OutboxLine.decode(row.payload)).toList();
        // Sent with the transaction suspended: the acknowledgements complete on producer threads, and a
        // transaction captured by context propagation there would be "active in two threads" at commit.
        // The row locks stay held by the suspended transaction's connection.
        long start = System.nanoTime();
        SendResult result = QuarkusTransaction.suspendingExisting().call(() -> sendAndAwait(rows, events));
        LOG.debugf("relay round: %d events of %d batches acknowledged in %d ms", result.acknowledged(), rows.size(),
                (System.nanoTime() - start) / 1_000_000);
        List<Long> done = new ArrayList<>(rows.size());
        int failed = 0;
        for (int r = 0; r < rows.size(); r++) {
            OutboxBatchEntity row = rows.get(r);
            List<OutboxLine> unacknowledged = result.unacknowledged().get(r);
            if (unacknowledged.isEmpty()) {
                done.add(row.id);
            } else if (unacknowledged.size() < row.events) {
                // Keep exactly the events the broker did not acknowledge; the rest must not be sent again.
                row.payload = OutboxLine.encode(unacknowledged);
                row.events = unacknowledged.size();
            }
            failed += unacknowledged.size();
        }
        outbox.deleteByIds(done);
        metrics.published(result.acknowledged());
        if (failed > 0) {
            metrics.publishFailures(failed);
            lastError = String.valueOf(result.failure());
            LOG.warnf("%d of %d outbox events were not acknowledged and stay pending: %s", failed,
                    result.acknowledged() + failed, result.failure());
        }
        return result.acknowledged();
    }

    /** Sends every event of the round, then waits for all acknowledgements against one deadline. */
    private SendResult sendAndAwait(List<OutboxBatchEntity> rows, List<List<OutboxLine>> events) {
        List<List<CompletableFuture<Void>>> acks = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            OutboxBatchEntity row = rows.get(r);
            List<CompletableFuture<Void>> rowAcks = new ArrayList<>(events.get(r).size());
            for (OutboxLine line : events.get(r)) {
                CompletableFuture<Void> ack = new CompletableFuture<>();
                try {
                    producer.send(record(row, line), (metadata, failure) -> {
                        if (failure == null) {
                            ack.complete(null);
                        } else {
                            ack.completeExceptionally(failure);
                        }
                    });
                } catch (RuntimeException e) { // buffer full past max.block.ms, producer closed: stays pending
                    ack.completeExceptionally(e);
                }
                rowAcks.add(ack);
            }
            acks.add(rowAcks);
        }
        long deadline = System.nanoTime() + config.outbox().sendTimeout().toNanos();
        int acknowledged = 0;
        List<List<OutboxLine>> unacknowledged = new ArrayList<>(rows.size());
        Throwable failure = null;
        boolean interrupted = false;
        for (int r = 0; r < rows.size(); r++) {
            List<OutboxLine> missing = new ArrayList<>();
            for (int i = 0; i < acks.get(r).size(); i++) {
                try {
                    if (interrupted) {
                        throw new TimeoutException("interrupted");
                    }
                    acks.get(r).get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    acknowledged++;
                } catch (ExecutionException | TimeoutException e) {
                    failure = failure == null ? (e instanceof ExecutionException ? e.getCause() : e) : failure;
                    missing.add(events.get(r).get(i));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    interrupted = true;
                    failure = failure == null ? e : failure;
                    missing.add(events.get(r).get(i));
                }
            }
            unacknowledged.add(missing);
        }
        return new SendResult(acknowledged, unacknowledged, failure);
    }

    /** Acknowledged events of a round, and per batch row the events that were not. */
    private record SendResult(int acknowledged, List<List<OutboxLine>> unacknowledged, Throwable failure) {
    }

    private ProducerRecord<String, String> record(OutboxBatchEntity row, OutboxLine line) {
        var headers = new CloudEventHeaders(line.ceId(), row.eventType, config.eventSource(), row.createdAt)
                .toKafkaHeaders();
        return new ProducerRecord<>(topic, null, null, line.key(), line.json(), headers);
    }
}
