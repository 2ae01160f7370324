package io.specialist.model.train;

/** Global-norm gradient clipping. */
public final class GradientClipping {

    private GradientClipping() {
    }

    /** The L2 norm of all gradients, summed in index order in double. */
    public static double globalNorm(float[] grads) {
        double sum = 0;
        for (float g : grads) {
            sum += (double) g * g;
        }
        return Math.sqrt(sum);
    }

    /** Scales grads so their global norm is at most {@code maxNorm}; returns the norm before clipping. */
    public static double clip(float[] grads, float maxNorm) {
        double norm = globalNorm(grads);
        if (maxNorm > 0 && norm > maxNorm) {
            float scale = (float) (maxNorm / norm);
            for (int i = 0; i < grads.length; i++) {
                grads[i] *= scale;
            }
        }
        return norm;
    }
}
