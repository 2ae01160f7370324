package io.specialist.trainer.feedback;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One stored judgement from {@code specialist.feedback}. */
@Entity
@Table(name = "feedback")
public class FeedbackEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    /** ce_id of the event, or the SHA-256 of its payload: the dedup key. */
    @Column(name = "event_id")
    public String eventId;
    public String model;
    public String domain;
    @Column(name = "completion_id")
    public String completionId;
    public String prompt;
    public String completion;
    /** -1 (worst) to +1 (best), or null. */
    public Double rating;
    public String preferred;
    public String rejected;
    public String expert;
    @Column(name = "submitted_at")
    public Instant submittedAt;
    @Column(name = "received_at")
    public Instant receivedAt;
}
