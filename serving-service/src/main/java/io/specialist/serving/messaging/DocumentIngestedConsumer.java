package io.specialist.serving.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.specialist.events.CloudEventHeaders;
import io.specialist.events.DocumentIngested;
import io.specialist.events.EventCodec;
import io.specialist.events.MalformedEventException;
import io.specialist.events.Topics;
import io.specialist.serving.service.DocumentIndexer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code specialist.documents.ingested} into this replica's passage index. Like
 * models.published, every replica reads the topic in a consumer group of its own (every replica keeps
 * a full index) from the earliest offset; documents already indexed are skipped without a call to
 * ingest. A malformed record is logged and counted, never retried.
 */
@ApplicationScoped
public class DocumentIngestedConsumer {

    /** Channel name; the topic is {@code mp.messaging.incoming.documents-ingested.topic}. */
    public static final String CHANNEL = "documents-ingested";
    private static final Logger LOG = Logger.getLogger(DocumentIngestedConsumer.class);

    private final DocumentIndexer indexer;
    private final Counter malformed;

    public DocumentIngestedConsumer(DocumentIndexer indexer, MeterRegistry metrics) {
        this.indexer = indexer;
        this.malformed = Counter.builder("specialist.serving.index.events.malformed")
                .description("documents.ingested records that could not be decoded").register(metrics);
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        try {
            String type = message.getMetadata(IncomingKafkaRecordMetadata.class)
                    .map(m -> CloudEventHeaders.value(m.getHeaders(), CloudEventHeaders.CE_TYPE)).orElse(null);
            if (type == null || Topics.TYPE_DOCUMENT_INGESTED.equals(type)) {
                indexer.onIngested(EventCodec.fromJson(message.getPayload(), DocumentIngested.class));
            }
        } catch (MalformedEventException e) {
            malformed.increment();
            LOG.errorf("skipping a malformed %s record: %s", Topics.DOCUMENTS_INGESTED, e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "indexing a %s record failed", Topics.DOCUMENTS_INGESTED);
        }
        return message.ack();
    }
}
