package io.specialist.trainer.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** Instruction examples of a domain: announced since its last sft trigger, and in total. */
@Entity
@Table(name = "sft_domain_counter")
public class SftDomainCounterEntity {

    @Id
    public String domain;
    @Column(name = "new_examples")
    public long newExamples;
    @Column(name = "total_examples")
    public long totalExamples;
    @Column(name = "last_trigger_at")
    public Instant lastTriggerAt;
    @Version
    @Column(name = "row_version")
    public long rowVersion;
}
