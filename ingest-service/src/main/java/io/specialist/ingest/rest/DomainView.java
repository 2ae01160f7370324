package io.specialist.ingest.rest;

import io.specialist.ingest.repository.DomainStatsEntity;
import java.time.Instant;

/** Totals of one domain ({@code GET /v1/domains}). */
public record DomainView(String domain, long documents, long instructions, long bytes, long train, long heldout,
        long duplicates, Instant firstIngestedAt, Instant lastIngestedAt) {

    public static DomainView of(DomainStatsEntity s) {
        return new DomainView(s.domain, s.documents, s.instructions, s.bytes, s.train, s.heldout, s.duplicates,
                s.firstIngestedAt, s.lastIngestedAt);
    }
}
