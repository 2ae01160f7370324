package io.specialist.ingest.messaging;

/**
 * Reactive Messaging channel names of ingest-service; their topics default to
 * {@link io.specialist.events.Topics} names and are set under {@code mp.messaging.*}.
 */
public final class IngestChannels {

    /** Incoming {@code specialist.documents.raw}: raw bytes, so bad encodings reach the validator. */
    public static final String RAW = "documents-raw";
    /** Outgoing {@code specialist.documents.ingested}, written only by the outbox relay. */
    public static final String INGESTED = "documents-ingested";
    /** Outgoing {@code specialist.documents.dlq}: rejected raw records with the reason. */
    public static final String DLQ = "documents-dlq";

    private IngestChannels() {
    }
}
