package io.specialist.drift.detector;

/** Where a domain's detector is. */
public enum Phase {
    /** Own model with a calibrated reference: the CUSUM runs. */
    MONITORING,
    /** Fired recently: waits for the cooldown time and document count before it can fire again. */
    COOLDOWN,
    /** No model of its own: counts training documents until {@code min-documents}. */
    COLLECTING,
    /** Own model, but no reference distribution to compare with: documents are scored, nothing fires. */
    NO_REFERENCE
}
