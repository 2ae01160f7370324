package io.specialist.model.preference;

/**
 * Direct preference optimisation (Rafailov et al. 2023) for one pair:
 * {@code L = -log σ(β · ((log π(w) - log ref(w)) - (log π(l) - log ref(l))))}, with w the chosen and l the
 * rejected response, π the policy being trained and ref the frozen parent. Its derivatives with respect to
 * the policy's sequence log-probabilities are {@code -β·σ(-z)} for w and {@code +β·σ(-z)} for l, z the
 * argument of σ: the reference only shifts z and receives no gradient.
 */
public final class DpoLoss {

    private DpoLoss() {
    }

    /** z = β · ((πw - refW) - (πl - refL)). */
    public static double margin(double policyChosen, double policyRejected, double refChosen, double refRejected,
            double beta) {
        return beta * ((policyChosen - refChosen) - (policyRejected - refRejected));
    }

    /** -log σ(z), computed without overflow for large |z|. */
    public static double loss(double z) {
        return z >= 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z));
    }

    /** σ(-z): how far the pair is from being satisfied; dL/d log π(w) = -β·σ(-z). */
    public static double weight(double z) {
        return z >= 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z));
    }
}
