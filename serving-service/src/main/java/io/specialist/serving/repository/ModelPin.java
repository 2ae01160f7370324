package io.specialist.serving.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An administrator's choice of a domain's active version ({@code activate} or {@code rollback}). While
 * a pin exists, newly published versions of the domain do not replace it. Stored in the database so
 * it survives restarts and reaches every replica (each one reconciles with the table).
 */
@Entity
@Table(name = "model_pin")
public class ModelPin {

    @Id
    @Column(name = "domain", length = 64)
    public String domain;

    /** The pinned version, {@code domain@N}. */
    @Column(name = "version", length = 80, nullable = false)
    public String version;

    /** {@code activate} or {@code rollback}. */
    @Column(name = "reason", length = 16, nullable = false)
    public String reason;

    @Column(name = "pinned_at", nullable = false)
    public Instant pinnedAt;
}
