package io.specialist.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Knobs of ingest-service ({@code specialist.ingest.*}); the README's configuration table lists the same keys. */
@ConfigMapping(prefix = "specialist.ingest")
public interface IngestConfig {

    /** Largest accepted document: UTF-8 bytes of the normalised text (prompt + response for instructions). */
    @WithDefault("1048576")
    int maxDocumentBytes();

    /** Share of each domain's documents put in the held-out split, chosen by content hash (0 to 1). */
    @WithDefault("0.1")
    double heldoutFraction();

    /** CloudEvents {@code ce_source} of the events this service produces. */
    @WithDefault("/ingest-service")
    String eventSource();

    /** REST ingestion settings. */
    Rest rest();

    /** Kafka consumer settings for {@code specialist.documents.raw}. */
    Consumer consumer();

    /** Transactional outbox relay settings. */
    Outbox outbox();

    /** Dead-letter topic settings. */
    Dlq dlq();

    interface Rest {
        /** Documents of a JSON array or NDJSON upload stored per database transaction. */
        @WithDefault("500")
        int chunkSize();

        /** Most lines accepted in one NDJSON upload; later lines are reported as rejected. */
        @WithDefault("100000")
        int maxNdjsonLines();

        /** Largest {@code application/json} request body (single document or array); use NDJSON beyond. */
        @WithDefault("67108864")
        long maxJsonBodyBytes();
    }

    interface Consumer {
        /** Attempts for a batch that fails on the database or the DLQ before the channel is failed (health DOWN). */
        @WithDefault("8")
        int maxAttempts();

        /** First back-off between attempts; doubled on each retry, capped at 10 s. */
        @WithDefault("200ms")
        Duration retryBackoff();
    }

    interface Outbox {
        /** Events published per relay round (one database transaction); a round takes at least one stored batch. */
        @WithDefault("1000")
        int batchSize();

        /** How often the relay looks for pending rows when nobody woke it (rows of other replicas, retries). */
        @WithDefault("1s")
        Duration pollInterval();

        /** How long the relay waits for the broker to acknowledge a round before retrying it. */
        @WithDefault("30s")
        Duration sendTimeout();
    }

    interface Dlq {
        /** Longest original payload copied into a dead-letter record; longer ones are cut and the reason says so. */
        @WithDefault("524288")
        int maxOriginalBytes();

        /** How long the consumer waits for the broker to acknowledge dead-letter records. */
        @WithDefault("30s")
        Duration sendTimeout();
    }
}
