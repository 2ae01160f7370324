package io.specialist.model.retrieval;

/** A passage that matched a query, with its BM25 score (higher = more relevant). */
public record PassageHit(Passage passage, float score) {
}
