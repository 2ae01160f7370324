package io.specialist.model.train;

import io.specialist.model.LoraAdapter;

import java.util.Arrays;

/**
 * A full model's forgetting penalty applied to an adapter: the {@link RegularizationPenalty} anchored at the
 * frozen base is evaluated at the merged weights W + s·B·A and its gradient is carried back to A and B
 * through the merge. Since the anchor is the base itself, L2-SP becomes (λ/2)·Σ(s·B·A)², an L2 penalty on the
 * adapter's delta, and EWC the same with the base's Fisher per weight: the same λ means the same pull as on a
 * full fine-tune, and the trainer needs no adapter-specific regulariser settings.
 *
 * <p>Costs two out·in·r loops per adapted matrix per step (as many multiply-adds as one merge), small next to
 * a training step's forward and backward over B·T tokens.
 */
public final class AdapterPenalty {

    private final RegularizationPenalty penalty;
    private final float[] base;    // (P) the frozen base weights = the penalty's anchor
    private final float[] merged;  // (P) scratch: base + delta
    private final float[] weightGrads; // (P) scratch: ∂penalty/∂W at the merged weights

    /** {@code penalty} must be anchored at {@code base} (as {@link Trainer#penalty} builds it for the base model). */
    public AdapterPenalty(RegularizationPenalty penalty, float[] base) {
        this.penalty = penalty;
        this.base = base;
        boolean active = penalty.kind() != Regularizer.NONE;
        this.merged = active ? new float[base.length] : null;
        this.weightGrads = active ? new float[base.length] : null;
    }

    public Regularizer kind() {
        return penalty.kind();
    }

    /** The penalty at the weights {@code adapter} (its current parameters) merges to. */
    public double value(LoraAdapter adapter) {
        if (merged == null) {
            return 0;
        }
        return penalty.value(merge(adapter));
    }

    /** grads (laid out as {@code adapter.params()}) += ∂penalty/∂(A, B). */
    public void addGradient(LoraAdapter adapter, float[] grads) {
        if (merged == null) {
            return;
        }
        Arrays.fill(weightGrads, 0f);
        penalty.addGradient(merge(adapter), weightGrads);
        adapter.backwardDelta(weightGrads, grads);
    }

    private float[] merge(LoraAdapter adapter) {
        System.arraycopy(base, 0, merged, 0, base.length);
        adapter.addDeltaTo(merged);
        return merged;
    }
}
