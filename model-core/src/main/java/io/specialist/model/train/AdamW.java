package io.specialist.model.train;

import io.specialist.model.ParameterLayout;
import io.specialist.model.kernel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * AdamW (decoupled weight decay) over the flat parameter array, β1 0.9, β2 0.95, ε 1e-8. Weight
 * decay applies only to weight matrices and embeddings, not to biases or LayerNorm parameters.
 * Element-wise, so splitting across threads cannot change the result.
 */
public final class AdamW {

    public static final float BETA1 = 0.9f;
    public static final float BETA2 = 0.95f;
    public static final float EPS = 1e-8f;

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int W = S.length();

    private final float[] m;        // (P) first moment
    private final float[] v;        // (P) second moment
    private final boolean[] decays; // (P) whether weight decay applies
    private int step;

    public AdamW(ParameterLayout layout) {
        this(layout, new State(new float[layout.size()], new float[layout.size()], 0));
    }

    /** Resumes from a saved state (moments are copied). */
    public AdamW(ParameterLayout layout, State state) {
        this(state, decayMask(layout));
    }

    /**
     * A fresh optimizer over {@code size} parameters that are all (or none) subject to weight decay:
     * the adapter case, whose parameters are all weight matrices.
     */
    public AdamW(int size, boolean decayAll) {
        this(new State(new float[size], new float[size], 0), uniformMask(size, decayAll));
    }

    private AdamW(State state, boolean[] decays) {
        if (state.m().length != decays.length || state.v().length != decays.length) {
            throw new IllegalArgumentException("optimizer state has " + state.m().length
                    + " moments but the model has " + decays.length + " parameters");
        }
        this.m = state.m().clone();
        this.v = state.v().clone();
        this.step = state.step();
        this.decays = decays;
    }

    private static boolean[] uniformMask(int size, boolean value) {
        boolean[] mask = new boolean[size];
        java.util.Arrays.fill(mask, value);
        return mask;
    }

    /** Saved optimizer state: both moments and the number of steps taken. */
    public record State(float[] m, float[] v, int step) {
    }

    public State state() {
        return new State(m.clone(), v.clone(), step);
    }

    public int stepCount() {
        return step;
    }

    /** params -= lr · (m̂ / (√v̂ + ε) + wd · params). */
    public void update(float[] params, float[] grads, float lr, float weightDecay) {
        step++;
        float b1 = BETA1, b2 = BETA2;
        float c1 = (float) (1 - Math.pow(b1, step));
        float c2 = (float) (1 - Math.pow(b2, step));
        Parallel.range(params.length, 1 << 15, W, (i0, i1) -> {
            int i = i0;
            // Lane by lane the same IEEE operations in the same order as the scalar loop below
            // (a float square root is exact either way), so both give the same bits.
            FloatVector zero = FloatVector.zero(S);
            for (; i + W <= i1; i += W) {
                FloatVector g = FloatVector.fromArray(S, grads, i);
                FloatVector mi = FloatVector.fromArray(S, m, i).mul(b1).add(g.mul(1 - b1));
                FloatVector vi = FloatVector.fromArray(S, v, i).mul(b2).add(g.mul(1 - b2).mul(g));
                mi.intoArray(m, i);
                vi.intoArray(v, i);
                FloatVector p = FloatVector.fromArray(S, params, i);
                VectorMask<Float> decaying = VectorMask.fromArray(S, decays, i);
                FloatVector decay = zero.blend(p.mul(weightDecay), decaying);
                FloatVector step = mi.div(c1).div(vi.div(c2).sqrt().add(EPS)).add(decay).mul(lr);
                p.sub(step).intoArray(params, i);
            }
            for (; i < i1; i++) {
                float g = grads[i];
                float mi = b1 * m[i] + (1 - b1) * g;
                float vi = b2 * v[i] + (1 - b2) * g * g;
                m[i] = mi;
                v[i] = vi;
                float mhat = mi / c1;
                float vhat = vi / c2;
                float decay = decays[i] ? weightDecay * params[i] : 0f;
                params[i] -= lr * (mhat / ((float) Math.sqrt(vhat) + EPS) + decay);
            }
        });
    }

    private static boolean[] decayMask(ParameterLayout l) {
        boolean[] mask = new boolean[l.size()];
        for (ParameterLayout.Tensor t : new ParameterLayout.Tensor[] {l.wte, l.wpe, l.qkvw, l.attprojw, l.fcw, l.fcprojw}) {
            java.util.Arrays.fill(mask, t.offset(), t.offset() + t.size(), true);
        }
        return mask;
    }
}
