package io.specialist.drift.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** Persisted detector state of one domain (see {@code DetectorState}). */
@Entity
@Table(name = "drift_domain_state")
public class DomainStateEntity extends PanacheEntityBase {

    @Id
    public String domain;
    @Column(name = "model_version")
    public String modelVersion;
    @Column(name = "own_model")
    public boolean ownModel;
    public String phase;
    public double statistic;
    public Double threshold;
    public Double allowance;
    public long documents;
    public long scored;
    @Column(name = "train_documents")
    public long trainDocuments;
    @Column(name = "documents_since_detection")
    public long documentsSinceDetection;
    public long detections;
    @Column(name = "last_detection_at")
    public Instant lastDetectionAt;
    @Column(name = "last_detection_statistic")
    public Double lastDetectionStatistic;
    @Column(name = "window_json", length = 1_000_000)
    public String windowJson;
    @Column(name = "updated_at")
    public Instant updatedAt;
    /** Optimistic lock: two replicas that both think they own a domain cannot both write. */
    @Version
    public long version;
}
