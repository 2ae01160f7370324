package io.specialist.ingest.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The events of one stored batch, waiting to be published: one row per transaction rather than per
 * document, so the outbox costs one insert and one delete per batch. {@code payload} is written and read
 * by {@code OutboxLines}; each event keeps its {@code ce_id}, so a re-send after a crash carries the same
 * id as the first send.
 */
@Entity
@Table(name = "outbox_batch")
public class OutboxBatchEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "outbox_batch_seq")
    @SequenceGenerator(name = "outbox_batch_seq", sequenceName = "outbox_batch_seq", allocationSize = 50)
    public Long id;

    @Column(name = "event_type", nullable = false, length = 128)
    public String eventType;

    /** Events (lines) in {@link #payload}. */
    @Column(nullable = false)
    public int events;

    @Column(nullable = false)
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
