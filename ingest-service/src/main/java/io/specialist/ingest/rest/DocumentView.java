package io.specialist.ingest.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.specialist.ingest.repository.DocumentEntity;
import java.time.Instant;

/** A stored document as the API shows it ({@code GET /v1/documents/{id}} and each line of the list). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"seq", "id", "domain", "kind", "title", "source", "text", "prompt", "response", "sha256", "bytes",
        "split", "ingestedAt", "publishedAt"})
public record DocumentView(long seq, String id, String domain, String kind, String title, String source, String text,
        String prompt, String response, String sha256, long bytes, String split, Instant ingestedAt,
        Instant publishedAt) {

    public static DocumentView of(DocumentEntity d) {
        return new DocumentView(d.seq, d.id, d.domain, d.kind.wire(), d.title, d.source, d.text, d.prompt, d.response,
                d.sha256, d.bytes, d.split.wire(), d.ingestedAt, d.publishedAt);
    }
}
