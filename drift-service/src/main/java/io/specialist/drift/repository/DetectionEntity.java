package io.specialist.drift.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A detection, written in the same transaction as the state that fired it, and marked published once
 * the Kafka broker acknowledged the {@code DriftDetected} event (an outbox: no detection is lost when
 * the broker is down, it is sent later).
 */
@Entity
@Table(name = "drift_detection")
public class DetectionEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String domain;
    @Column(name = "model_version")
    public String modelVersion;
    public String reason;
    public double statistic;
    public double threshold;
    @Column(name = "window_doc_ids", length = 1_000_000)
    public String windowDocIds;
    @Column(name = "signals_json", length = 100_000)
    public String signalsJson;
    @Column(name = "detected_at")
    public Instant detectedAt;
    @Column(name = "published_at")
    public Instant publishedAt;
}
