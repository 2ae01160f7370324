package io.specialist.ingest.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Running totals of one domain, kept in the same transaction as its documents. */
@Entity
@Table(name = "domain_stats")
public class DomainStatsEntity {

    @Id
    @Column(length = 63)
    public String domain;

    /** Stored documents of both kinds. */
    public long documents;

    /** Of which instruction examples. */
    public long instructions;

    /** UTF-8 bytes of the stored texts. */
    public long bytes;

    public long train;

    public long heldout;

    /** Submissions refused as duplicates of stored content. */
    public long duplicates;

    @Column(name = "first_ingested_at", nullable = false)
    public Instant firstIngestedAt;

    @Column(name = "last_ingested_at", nullable = false)
    public Instant lastIngestedAt;
}
