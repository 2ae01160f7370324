package io.specialist.model.retrieval;

/** A document to index, as read from ingest's API. */
public record SourceDocument(String id, String domain, long seq, String text) {
}
