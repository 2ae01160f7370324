package io.specialist.drift.messaging;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.specialist.events.CloudEventHeaders;
import io.specialist.events.DriftDetected;
import io.specialist.events.EventCodec;
import io.specialist.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/** Sends {@code DriftDetected} events (key = domain, CloudEvents binary headers) and waits for the broker. */
@ApplicationScoped
public class DriftDetectedProducer {

    private static final long ACK_TIMEOUT_SECONDS = 30;
    private final Emitter<String> emitter;

    public DriftDetectedProducer(@Channel(Channels.DRIFT_DETECTED) Emitter<String> emitter) {
        this.emitter = emitter;
    }

    /**
     * @throws IllegalStateException if the broker did not acknowledge the event
     */
    public void send(DriftDetected event) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.domain())
                .withHeaders(CloudEventHeaders.create(Topics.TYPE_DRIFT_DETECTED, Channels.SOURCE).toKafkaHeaders())
                .build();
        Message<String> message = Message.of(EventCodec.toJsonString(event), Metadata.of(kafka),
                () -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        emitter.send(message);
        try {
            acked.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending the drift event", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the drift event of " + event.domain() + ": " + e, e);
        }
    }
}
