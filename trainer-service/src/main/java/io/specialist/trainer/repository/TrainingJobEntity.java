package io.specialist.trainer.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** One training job row. JSON columns hold the job's config, metrics and last progress report. */
@Entity
@Table(name = "training_job")
public class TrainingJobEntity {

    @Id
    public String id;
    public String domain;
    /** Wire name of {@link io.specialist.trainer.pipeline.JobKind} ({@code fine-tune} in rows written before kinds). */
    public String kind;
    /** Wire name of {@link io.specialist.events.TrainingState}. */
    public String state;
    @Column(name = "trigger_source")
    public String triggerSource;
    @Column(name = "trigger_detail")
    public String triggerDetail;
    @Column(name = "config_json")
    public String configJson;
    @Column(name = "parent_version")
    public String parentVersion;
    @Column(name = "base_version")
    public String baseVersion;
    @Column(name = "result_version")
    public String resultVersion;
    @Column(name = "metrics_json")
    public String metricsJson;
    @Column(name = "progress_json")
    public String progressJson;
    public String reason;
    public String runner;
    @Column(name = "runner_ref")
    public String runnerRef;
    @Column(name = "owner_id")
    public String ownerId;
    public int attempts;
    public int coalesced;
    @Column(name = "cancel_requested")
    public boolean cancelRequested;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;
    @Column(name = "queued_domain")
    public String queuedDomain;
    @Column(name = "running_domain")
    public String runningDomain;
    @Version
    @Column(name = "row_version")
    public long rowVersion;
}
