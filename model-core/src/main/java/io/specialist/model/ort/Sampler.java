package io.specialist.model.ort;

import java.util.SplittableRandom;

/** Picks the next token from logits: greedy at temperature 0, else temperature + nucleus (top-p). */
final class Sampler {

    private final double temperature;
    private final double topP;
    private final SplittableRandom random;

    Sampler(double temperature, double topP, long seed) {
        this.temperature = temperature;
        this.topP = topP;
        this.random = new SplittableRandom(seed);
    }

    /** Next token id from {@code logits[offset, offset + vocab)}. */
    int next(float[] logits, int offset, int vocab) {
        if (temperature == 0) {
            return argmax(logits, offset, vocab);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) {
            max = Math.max(max, logits[offset + i]);
        }
        double[] p = new double[vocab];
        double sum = 0;
        for (int i = 0; i < vocab; i++) {
            p[i] = Math.exp((logits[offset + i] - max) / temperature);
            sum += p[i];
        }
        if (topP >= 1) {
            return draw(p, identity(vocab), vocab, sum);
        }
        // Most probable first (ties by id, so the order and hence the draw are deterministic).
        Integer[] order = new Integer[vocab];
        for (int i = 0; i < vocab; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
        int[] ids = new int[vocab];
        double kept = 0;
        int n = 0;
        while (n < vocab && (n == 0 || kept < topP * sum)) {
            ids[n] = order[n];
            kept += p[order[n]];
            n++;
        }
        return draw(p, ids, n, kept);
    }

    private int draw(double[] p, int[] ids, int n, double total) {
        double r = random.nextDouble() * total;
        for (int i = 0; i < n; i++) {
            r -= p[ids[i]];
            if (r < 0) {
                return ids[i];
            }
        }
        return ids[n - 1]; // rounding left a sliver of mass: the last candidate takes it
    }

    static int argmax(float[] logits, int offset, int vocab) {
        int best = 0;
        for (int i = 1; i < vocab; i++) {
            if (logits[offset + i] > logits[offset + best]) {
                best = i;
            }
        }
        return best;
    }

    private static int[] identity(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        return ids;
    }
}
