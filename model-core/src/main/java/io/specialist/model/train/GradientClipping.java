package io.specialist.model.train;

import io.specialist.model.kernel.Parallel;

/** Global-norm gradient clipping. */
public final class GradientClipping {

    private GradientClipping() {
    }

    // Fixed blocks, so the sum's order does not depend on the number of threads.
    private static final int BLOCK = 1 << 14;

    /**
     * The L2 norm of all gradients in double: each block of 16k values summed by four interleaved
     * accumulators, the blocks (computed in parallel) added in index order. Deterministic for any
     * thread count.
     */
    public static double globalNorm(float[] grads) {
        int blocks = (grads.length + BLOCK - 1) / BLOCK;
        double[] partial = new double[blocks];
        Parallel.range(blocks, 4, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int from = b * BLOCK, to = Math.min(grads.length, from + BLOCK);
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int i = from;
                for (; i + 4 <= to; i += 4) {
                    s0 += (double) grads[i] * grads[i];
                    s1 += (double) grads[i + 1] * grads[i + 1];
                    s2 += (double) grads[i + 2] * grads[i + 2];
                    s3 += (double) grads[i + 3] * grads[i + 3];
                }
                for (; i < to; i++) {
                    s0 += (double) grads[i] * grads[i];
                }
                partial[b] = (s0 + s1) + (s2 + s3);
            }
        });
        double sum = 0;
        for (double p : partial) {
            sum += p;
        }
        return Math.sqrt(sum);
    }

    /** Scales grads so their global norm is at most {@code maxNorm}; returns the norm before clipping. */
    public static double clip(float[] grads, float maxNorm) {
        double norm = globalNorm(grads);
        if (maxNorm > 0 && norm > maxNorm) {
            float scale = (float) (maxNorm / norm);
            Parallel.range(grads.length, 1 << 15, (i0, i1) -> {
                for (int i = i0; i < i1; i++) {
                    grads[i] *= scale;
                }
            });
        }
        return norm;
    }
}
