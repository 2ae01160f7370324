package io.specialist.model.train;

/** How a fine-tune protects what the parent model already knows. */
public enum Regularizer {
    /** Plain fine-tuning (replay, if any, is the only protection). */
    NONE,
    /** L2-SP: (λ/2)·Σ(θ - θ_parent)², a pull toward the parent's weights. */
    L2SP,
    /**
     * Elastic weight consolidation: (λ/2)·Σ F_i(θ - θ_parent)² with F the diagonal Fisher of the parent
     * on general text, so weights that matter for general text are held more firmly.
     */
    EWC
}
