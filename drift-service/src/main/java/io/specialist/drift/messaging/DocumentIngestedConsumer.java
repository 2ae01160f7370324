package io.specialist.drift.messaging;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.specialist.drift.service.DocumentFetcher;
import io.specialist.drift.service.DriftMetrics;
import io.specialist.drift.service.IncomingDocument;
import io.specialist.drift.service.IngestDocument;
import io.specialist.drift.service.ScoringPipeline;
import io.specialist.events.CloudEventHeaders;
import io.specialist.events.DocumentIngested;
import io.specialist.events.EventCodec;
import io.specialist.events.MalformedEventException;
import io.specialist.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code documents.ingested} in Kafka batches: decodes the events (a malformed record is logged,
 * counted and skipped), fetches the texts from ingest, and hands the batch to the {@link ScoringPipeline}.
 * The batch is acknowledged (its offsets committed) only after it was scored and its state committed;
 * meanwhile the next batch is fetched. A full pipeline queue blocks here, which holds back the consumer.
 */
@ApplicationScoped
public class DocumentIngestedConsumer {

    private static final Logger LOG = Logger.getLogger(DocumentIngestedConsumer.class);

    private final DocumentFetcher fetcher;
    private final ScoringPipeline pipeline;
    private final DriftMetrics metrics;

    public DocumentIngestedConsumer(DocumentFetcher fetcher, ScoringPipeline pipeline, DriftMetrics metrics) {
        this.fetcher = fetcher;
        this.pipeline = pipeline;
        this.metrics = metrics;
    }

    @Incoming(Channels.DOCUMENTS_INGESTED)
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<DocumentIngested> events = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            DocumentIngested event = decode(record);
            if (event != null) {
                events.add(event);
            }
        }
        List<IncomingDocument> docs = withTexts(events);
        try {
            pipeline.submit(docs, batch::ack);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return batch.nack(e);
        }
        return CompletableFuture.completedFuture(null);
    }

    private DocumentIngested decode(KafkaRecord<String, String> record) {
        try {
            String type = CloudEventHeaders.value(record.getHeaders(), CloudEventHeaders.CE_TYPE);
            if (type != null && !type.equals(Topics.TYPE_DOCUMENT_INGESTED)) {
                throw new MalformedEventException("ce_type is '" + type + "', expected " + Topics.TYPE_DOCUMENT_INGESTED);
            }
            return EventCodec.fromJson(record.getPayload(), DocumentIngested.class);
        } catch (MalformedEventException e) {
            metrics.malformed(Channels.DOCUMENTS_INGESTED);
            LOG.warnf("skipped malformed record %s-%d@%d (key %s): %s", record.getTopic(), record.getPartition(),
                    record.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> m.getOffset()).orElse(-1L), record.getKey(),
                    e.getMessage());
            return null;
        }
    }

    private List<IncomingDocument> withTexts(List<DocumentIngested> events) {
        Map<String, List<DocumentIngested>> byDomain = new LinkedHashMap<>();
        events.forEach(e -> byDomain.computeIfAbsent(e.domain(), d -> new ArrayList<>()).add(e));
        Map<String, IngestDocument> texts = new LinkedHashMap<>();
        byDomain.forEach((domain, list) -> {
            try {
                texts.putAll(fetcher.fetch(domain, list.stream().map(DocumentIngested::id).toList()));
            } catch (RuntimeException e) {
                // Counted but unscored: the detector still sees the document (and new domains still count).
                LOG.warnf("cannot fetch %d document texts of domain %s from ingest: %s", list.size(), domain, e.getMessage());
            }
        });
        return events.stream().map(e -> new IncomingDocument(e, texts.get(e.id()))).toList();
    }
}
