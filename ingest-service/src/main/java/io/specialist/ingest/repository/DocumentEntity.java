package io.specialist.ingest.repository;

import io.specialist.events.DocumentKind;
import io.specialist.events.Split;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** A stored document; {@code seq} is the cursor of the list API, {@code id} the public identifier. */
@Entity
@Table(name = "document")
public class DocumentEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "document_seq")
    @SequenceGenerator(name = "document_seq", sequenceName = "document_seq", allocationSize = 100)
    public Long seq;

    @Column(nullable = false, unique = true, length = 128)
    public String id;

    @Column(nullable = false, length = 63)
    public String domain;

    @Convert(converter = DocumentKindConverter.class)
    @Column(nullable = false, length = 16)
    public DocumentKind kind;

    public String title;

    public String source;

    @Column(nullable = false)
    public String text;

    public String prompt;

    public String response;

    @Column(nullable = false, length = 64)
    public String sha256;

    @Column(nullable = false)
    public long bytes;

    @Convert(converter = SplitConverter.class)
    @Column(nullable = false, length = 8)
    public Split split;

    @Column(name = "ingested_at", nullable = false)
    public Instant ingestedAt;

    @Column(name = "published_at")
    public Instant publishedAt;
}
