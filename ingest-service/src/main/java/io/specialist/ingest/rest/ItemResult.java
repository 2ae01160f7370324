package io.specialist.ingest.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One item of an upload answer: {@code index} (JSON array, from 0) or {@code line} (NDJSON, from 1),
 * status {@code accepted | duplicate | rejected}, the document id (for a duplicate, the stored one) and
 * for a rejected item the problem title and detail.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemResult(Integer index, Integer line, String status, String id, String split, String error,
        String detail) {
}
