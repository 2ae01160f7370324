package io.specialist.model.train;

/**
 * The forgetting-protection penalty of a fine-tune, anchored at the parent's weights θ*:
 * NONE (0), L2-SP ((λ/2)·Σ(θ-θ*)²) or EWC ((λ/2)·Σ F_i(θ-θ*)²). One loop over the flat arrays.
 */
public final class RegularizationPenalty {

    private final Regularizer kind;
    private final float strength;  // λ
    private final float[] anchor;  // (P) θ*, the parent's weights
    private final float[] fisher;  // (P) diagonal Fisher for EWC, else null

    private RegularizationPenalty(Regularizer kind, float strength, float[] anchor, float[] fisher) {
        this.kind = kind;
        this.strength = strength;
        this.anchor = anchor;
        this.fisher = fisher;
    }

    public static RegularizationPenalty none() {
        return new RegularizationPenalty(Regularizer.NONE, 0f, null, null);
    }

    /** L2-SP toward {@code parent} (copied). */
    public static RegularizationPenalty l2sp(float[] parent, float strength) {
        return new RegularizationPenalty(Regularizer.L2SP, strength, parent.clone(), null);
    }

    /** EWC toward {@code parent} weighted by {@code fisher} (both copied). */
    public static RegularizationPenalty ewc(float[] parent, float[] fisher, float strength) {
        if (fisher.length != parent.length) {
            throw new IllegalArgumentException("EWC Fisher has " + fisher.length + " entries but the model has "
                    + parent.length + " parameters");
        }
        return new RegularizationPenalty(Regularizer.EWC, strength, parent.clone(), fisher.clone());
    }

    public Regularizer kind() {
        return kind;
    }

    /** The penalty value at {@code params}. */
    public double value(float[] params) {
        if (kind == Regularizer.NONE) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < params.length; i++) {
            double d = params[i] - anchor[i];
            sum += (fisher == null ? 1.0 : fisher[i]) * d * d;
        }
        return 0.5 * strength * sum;
    }

    /** grads += ∂penalty/∂θ = λ·F·(θ - θ*) (F = 1 for L2-SP). */
    public void addGradient(float[] params, float[] grads) {
        if (kind == Regularizer.NONE) {
            return;
        }
        for (int i = 0; i < params.length; i++) {
            float weight = fisher == null ? strength : strength * fisher[i];
            grads[i] += weight * (params[i] - anchor[i]);
        }
    }
}
