package io.specialist.ingest.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.specialist.events.CloudEventHeaders;
import io.specialist.events.DocumentRejected;
import io.specialist.events.EventCodec;
import io.specialist.events.Events;
import io.specialist.events.Topics;
import io.specialist.ingest.config.IngestConfig;
import io.specialist.ingest.service.Rejection;
import io.specialist.ingest.service.SubmissionParser;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Sends rejected raw records to {@code specialist.documents.dlq} as a {@link DocumentRejected} (the
 * original payload, its coordinates and the reason) with the reason also in the {@code ce_error} header.
 * Our own channel rather than the connector's dead-letter strategy, so the reason is in the payload and
 * the consumer never has to nack (a nack would stop or skip the batch).
 */
@ApplicationScoped
public class DeadLetterPublisher {

    private final MutinyEmitter<String> emitter;
    private final IngestConfig config;

    public DeadLetterPublisher(@Channel(IngestChannels.DLQ) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
            MutinyEmitter<String> emitter, IngestConfig config) {
        this.emitter = emitter;
        this.config = config;
    }

    /** Completes when the broker has acknowledged the dead-letter record. */
    public Uni<Void> publish(ConsumerRecord<String, byte[]> record, Rejection rejection) {
        byte[] original = record.value() == null ? new byte[0] : record.value();
        int limit = config.dlq().maxOriginalBytes();
        String error = rejection.message();
        boolean cut = original.length > limit;
        if (cut) {
            error = error + " (original cut to its first " + limit + " of " + original.length + " bytes in this record)";
            original = Arrays.copyOf(original, limit);
        }
        String text = decodeOrNull(original, cut);
        DocumentRejected rejected = new DocumentRejected(Events.SCHEMA_VERSION, error,
                text != null ? text : Base64.getEncoder().encodeToString(original),
                text != null ? "utf-8" : "base64",
                record.topic(), record.partition(), record.offset(), Instant.now());
        Headers headers = CloudEventHeaders.create(Topics.TYPE_DOCUMENT_REJECTED, config.eventSource()).toKafkaHeaders();
        CloudEventHeaders.put(headers, CloudEventHeaders.ERROR, error);
        String key = rejection.domain() != null ? rejection.domain() : record.key();
        return emitter.sendMessage(Message.of(EventCodec.toJsonString(rejected))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers).build()));
    }

    private static String decodeOrNull(byte[] bytes, boolean cut) {
        try {
            return SubmissionParser.decodeUtf8(bytes);
        } catch (RuntimeException e) {
            if (!cut) {
                return null;
            }
            // The cut may have split a multi-byte character: keep the valid prefix readable rather than base64.
            for (int drop = 1; drop <= 3 && drop < bytes.length; drop++) {
                try {
                    return SubmissionParser.decodeUtf8(Arrays.copyOf(bytes, bytes.length - drop));
                } catch (RuntimeException ignored) {
                    // try a shorter prefix
                }
            }
            return null;
        }
    }
}
