package io.specialist.serving.rest.api;

/**
 * A passage that was put in the model's context.
 *
 * @param documentId ingest's id of its document
 * @param passage    its position in the document, from 0
 * @param score      its BM25 score for the query
 */
public record Citation(String documentId, int passage, double score) {
}
