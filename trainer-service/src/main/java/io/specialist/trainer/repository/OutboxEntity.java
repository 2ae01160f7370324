package io.specialist.trainer.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An event waiting to be published: written with the state change it announces. */
@Entity
@Table(name = "training_outbox")
public class OutboxEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    /** Name of the outgoing messaging channel, e.g. {@code training-events}. */
    public String channel;
    @Column(name = "record_key")
    public String recordKey;
    @Column(name = "ce_id")
    public String ceId;
    @Column(name = "ce_type")
    public String ceType;
    @Column(name = "ce_time")
    public Instant ceTime;
    public String payload;
}
