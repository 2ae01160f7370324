package io.specialist.trainer.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An instruction example already counted toward its domain's sft trigger (dedup of redelivered events). */
@Entity
@Table(name = "sft_example_seen")
public class SftExampleSeenEntity {

    @Id
    @Column(name = "document_id")
    public String documentId;
    public String domain;
    @Column(name = "seen_at")
    public Instant seenAt;
}
