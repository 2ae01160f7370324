package io.specialist.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What a user produces to {@code specialist.documents.raw} (or posts to ingest): at least a domain and a
 * text, or for {@code kind = instruction} a prompt and a response. Ingest validates content rules
 * (domain pattern, size limits, UTF-8); this record only fixes the shape.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentSubmitted(
        String domain,
        DocumentKind kind,
        String text,
        String title,
        String source,
        String id,
        Instant publishedAt,
        String prompt,
        String response) {

    public DocumentSubmitted {
        kind = kind == null ? DocumentKind.DOCUMENT : kind;
    }

    public static DocumentSubmitted document(String domain, String text) {
        return new DocumentSubmitted(domain, DocumentKind.DOCUMENT, text, null, null, null, null, null, null);
    }
}
