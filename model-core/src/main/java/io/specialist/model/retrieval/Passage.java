package io.specialist.model.retrieval;

/**
 * One indexed piece of a document.
 *
 * @param documentId ingest's document id (what citations name)
 * @param seq        ingest's sequence number of the document (orders catch-up listings)
 * @param index      position of the passage in its document, from 0
 * @param text       the passage text
 */
public record Passage(String documentId, long seq, int index, String text) {
}
