package io.specialist.events.messaging;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.specialist.events.CloudEventHeaders;
import io.specialist.events.EventCodec;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Sends one event through a SmallRye Kafka emitter (key = domain, CloudEvents binary-mode headers) and
 * returns only once the broker acknowledged it, so a caller that reports success has not lost the event.
 */
public final class AckedSender {

    private final Emitter<String> emitter;
    private final String source;
    private final Duration timeout;

    public AckedSender(Emitter<String> emitter, String source, Duration timeout) {
        this.emitter = emitter;
        this.source = source;
        this.timeout = timeout;
    }

    /**
     * @param what names the event in the error message ("the drift event of legal")
     * @throws IllegalStateException if the broker did not acknowledge the event within the timeout
     */
    public void send(String key, String type, Object event, String what) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key)
                .withHeaders(CloudEventHeaders.create(type, source).toKafkaHeaders())
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
            acked.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge " + what + ": " + e, e);
        }
    }
}
