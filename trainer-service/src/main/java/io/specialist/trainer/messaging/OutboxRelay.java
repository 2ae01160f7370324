package io.specialist.trainer.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.specialist.events.CloudEventHeaders;
import io.specialist.trainer.repository.OutboxEntity;
import io.specialist.trainer.repository.OutboxRepository;
import io.specialist.trainer.service.JobSignals;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka in id order, each with CloudEvents binary headers and the domain as key,
 * and deletes them once the broker acknowledged. A row is sent at least once: if the process dies after
 * the acknowledgement but before the delete, the row goes out again with the same {@code ce_id}, which
 * consumers can use to drop the duplicate.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 100;
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);
    private static final long IDLE_MILLIS = 1000;

    private final OutboxRepository outbox;
    private final MutinyEmitter<String> trainingEvents;
    private final MutinyEmitter<String> modelsPublished;
    private final AtomicBoolean pending = new AtomicBoolean();
    private ScheduledExecutorService executor;

    public OutboxRelay(OutboxRepository outbox,
            @Channel(Channels.TRAINING_EVENTS) MutinyEmitter<String> trainingEvents,
            @Channel(Channels.MODELS_PUBLISHED) MutinyEmitter<String> modelsPublished,
            JobSignals signals) {
        this.outbox = outbox;
        this.trainingEvents = trainingEvents;
        this.modelsPublished = modelsPublished;
        signals.onJobsChanged(this::wake);
    }

    public synchronized void start() {
        if (executor == null) {
            executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "trainer-outbox"));
            executor.scheduleWithFixedDelay(this::relaySafely, 0, IDLE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    public synchronized void stop() {
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }

    /** Relay soon: something was just committed. */
    public void wake() {
        ScheduledExecutorService current = executor;
        if (current != null && pending.compareAndSet(false, true)) {
            current.execute(this::relaySafely);
        }
    }

    private void relaySafely() {
        pending.set(false);
        try {
            while (relayBatch() == BATCH) {
                // keep going while full batches come back
            }
        } catch (RuntimeException e) {
            LOG.warnf("publishing outbox events failed (will retry): %s", e.getMessage());
        }
    }

    /** Sends and deletes up to one batch inside one transaction that holds the rows' locks. */
    int relayBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<OutboxEntity> rows = outbox.lockOldest(BATCH);
            for (OutboxEntity row : rows) {
                emitter(row.channel).sendMessage(message(row)).await().atMost(SEND_TIMEOUT);
                outbox.delete(row);
            }
            return rows.size();
        });
    }

    private MutinyEmitter<String> emitter(String channel) {
        return switch (channel) {
            case Channels.TRAINING_EVENTS -> trainingEvents;
            case Channels.MODELS_PUBLISHED -> modelsPublished;
            default -> throw new IllegalStateException("outbox row for unknown channel " + channel);
        };
    }

    private static Message<String> message(OutboxEntity row) {
        CloudEventHeaders ce = new CloudEventHeaders(row.ceId, row.ceType, Channels.SOURCE, row.ceTime);
        return Message.of(row.payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(row.recordKey)
                .withHeaders(ce.toKafkaHeaders())
                .build());
    }
}
