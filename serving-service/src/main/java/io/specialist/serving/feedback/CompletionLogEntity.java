package io.specialist.serving.feedback;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A served completion, kept for the retention period so it can be rated by id. */
@Entity
@Table(name = "completion_log")
public class CompletionLogEntity {

    @Id
    @Column(name = "id", length = 64)
    public String id;

    @Column(name = "model_version", length = 80, nullable = false)
    public String modelVersion;

    @Column(name = "prompt", nullable = false)
    public String prompt;

    @Column(name = "completion", nullable = false)
    public String completion;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    static CompletionLogEntity of(CompletionRecord r) {
        CompletionLogEntity e = new CompletionLogEntity();
        e.id = r.id();
        e.modelVersion = r.modelVersion();
        e.prompt = r.prompt();
        e.completion = r.completion();
        e.createdAt = r.createdAt();
        return e;
    }

    CompletionRecord toRecord() {
        return new CompletionRecord(id, modelVersion, prompt, completion, createdAt);
    }
}
