package io.specialist.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** Announced by ingest once a document is stored; consumers dedup on {@code id}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentIngested(
        Integer schemaVersion,
        String id,
        String domain,
        DocumentKind kind,
        String sha256,
        long bytes,
        Split split,
        Instant ingestedAt) {

    public DocumentIngested {
        schemaVersion = Require.schemaVersion(schemaVersion);
        Require.text(id, "id");
        Require.text(domain, "domain");
        Require.text(sha256, "sha256");
        Require.present(split, "split");
        Require.present(ingestedAt, "ingestedAt");
        kind = kind == null ? DocumentKind.DOCUMENT : kind;
    }
}
