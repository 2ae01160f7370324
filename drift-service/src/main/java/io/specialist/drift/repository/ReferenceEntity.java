package io.specialist.drift.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The calibrated reference of one model version: computed once, reused after restarts and by replicas. */
@Entity
@Table(name = "drift_reference")
public class ReferenceEntity extends PanacheEntityBase {

    @Id
    @Column(name = "model_version")
    public String modelVersion;
    public String domain;
    public String source;
    @Column(name = "reference_count")
    public long count;
    public double mean;
    public double std;
    @Column(name = "tokens_per_byte")
    public Double tokensPerByte;
    @Column(name = "rare_pair_share")
    public Double rarePairShare;
    public double threshold;
    public double allowance;
    @Column(name = "z_clip")
    public double zClip;
    @Column(name = "target_arl")
    public double targetArl;
    @Column(name = "estimated_arl")
    public double estimatedArl;
    @Column(name = "simulated_documents")
    public long simulatedDocuments;
    @Column(name = "false_alarms")
    public long falseAlarms;
    public String sampler;
    @Column(name = "calibrated_at")
    public Instant calibratedAt;
}
