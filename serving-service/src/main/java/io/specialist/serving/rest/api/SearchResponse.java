package io.specialist.serving.rest.api;

import java.util.List;

/**
 * Passages ranked by BM25 score, best first.
 *
 * @param domain the domain searched
 * @param hits   at most k passages; empty when nothing matches or the domain has no documents yet
 */
public record SearchResponse(String domain, String query, int k, List<Hit> hits) {

    /**
     * @param documentId ingest's id of the document the passage comes from ({@code GET /v1/documents/{id}})
     * @param passage    position of the passage in that document, from 0
     * @param score      BM25 score (only comparable within one query)
     */
    public record Hit(String documentId, int passage, double score, String text) {
    }
}
