package io.specialist.ingest.service;

import io.specialist.events.DocumentKind;
import io.specialist.events.Split;
import java.time.Instant;

/**
 * A submission that passed validation, normalised, with its content hash and split. {@code id} is the
 * producer's id or null (ingest then assigns one). For instructions {@code text} is prompt, a blank line,
 * then response, so readers of {@code text} see the whole example.
 */
public record NewDocument(
        String id,
        String domain,
        DocumentKind kind,
        String title,
        String source,
        String text,
        String prompt,
        String response,
        String sha256,
        long bytes,
        Split split,
        Instant publishedAt) {
}
