package io.specialist.model.retrieval;

/** A query without a single searchable word (only punctuation or whitespace). */
public class EmptyQueryException extends IllegalArgumentException {
    public EmptyQueryException(String query) {
        super("the query has no searchable words: '" + (query.length() > 80 ? query.substring(0, 80) + "..." : query) + "'");
    }
}
