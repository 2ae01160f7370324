package io.specialist.drift.support;

import io.specialist.events.CloudEventHeaders;
import io.specialist.events.DocumentIngested;
import io.specialist.events.DocumentKind;
import io.specialist.events.EventCodec;
import io.specialist.events.Events;
import io.specialist.events.ModelPublished;
import io.specialist.events.Split;
import io.specialist.events.Topics;
import io.specialist.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/** Produces the events other services would, as JSON with CloudEvents headers and the domain as key. */
public final class Produce {

    private Produce() {
    }

    public static DocumentIngested ingested(Upstream.Doc doc) {
        return new DocumentIngested(Events.SCHEMA_VERSION, doc.id(), doc.domain(), DocumentKind.DOCUMENT, doc.sha256(),
                doc.bytes(), Split.fromWire(doc.split()), doc.ingestedAt());
    }

    /** Sends one documents.ingested event per document, in order, and waits for the broker. */
    public static void ingested(String bootstrap, List<Upstream.Doc> docs) {
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer(bootstrap)) {
            for (Upstream.Doc doc : docs) {
                producer.send(new ProducerRecord<>(Topics.DOCUMENTS_INGESTED, null, doc.domain(),
                        EventCodec.toJson(ingested(doc)), headers(Topics.TYPE_DOCUMENT_INGESTED, "/ingest-service")));
            }
            producer.flush();
        }
    }

    public static void published(String bootstrap, String version, String domain, String sha256, String artifactUri,
            Map<String, Double> metrics) {
        ModelPublished event = new ModelPublished(Events.SCHEMA_VERSION, version, domain, null, sha256, artifactUri,
                metrics, Instant.now());
        TestKafka.send(bootstrap, Topics.MODELS_PUBLISHED, domain, EventCodec.toJsonString(event),
                headers(Topics.TYPE_MODEL_PUBLISHED, "/trainer-service"));
    }

    /** A raw record, for malformed input. */
    public static void raw(String bootstrap, String topic, String key, String value, String ceType) {
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer(bootstrap)) {
            producer.send(new ProducerRecord<>(topic, null, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8),
                    ceType == null ? new org.apache.kafka.common.header.internals.RecordHeaders()
                            : headers(ceType, "/somewhere"))).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Headers headers(String type, String source) {
        return CloudEventHeaders.create(type, source).toKafkaHeaders();
    }
}
