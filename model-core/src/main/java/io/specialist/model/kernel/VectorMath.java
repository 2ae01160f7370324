package io.specialist.model.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp and tanh on float vectors from additions, multiplications and bit operations only (Cephes
 * expf: range reduction by ln 2, degree-6 polynomial, exponent built from bits; max error ~2 ulp).
 *
 * <p>Why not {@code VectorOperators.EXP}: its result may depend on whether the JIT has compiled the
 * call yet (SVML intrinsic versus the Java fallback), which would make training runs differ
 * bit-wise depending on compilation timing. Basic IEEE operations give the same bits either way.
 * Sums across lanes are likewise done in a fixed scalar order, never with {@code reduceLanes(ADD)}.
 */
public final class VectorMath {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int W = S.length();

    private static final float MAGIC = 12582912f; // 1.5 * 2^23: adding it rounds to an integer
    private static final int MAGIC_BITS = 0x4B400000;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float MAX_ARG = 88.3762626647949f;
    private static final float MIN_ARG = -87.3365447504019f;
    private static final float P0 = 1.9875691500e-4f;
    private static final float P1 = 1.3981999507e-3f;
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;
    // tanh(9) rounds to 1 in float; clamping keeps exp(2u) finite.
    private static final float TANH_CLAMP = 9f;

    // Tails go through the vector code on a padded copy; one buffer per thread, not one per call.
    private static final ThreadLocal<float[]> PAD = ThreadLocal.withInitial(() -> new float[W]);

    private VectorMath() {
    }

    /** e^x per lane; arguments below -87.3 give ~1e-38 rather than 0. */
    public static FloatVector exp(FloatVector x) {
        x = x.max(MIN_ARG).min(MAX_ARG);
        FloatVector t = x.fma(LOG2E, MAGIC);
        FloatVector n = t.sub(MAGIC);
        FloatVector r = n.fma(bc(-LN2_HI), x);
        r = n.fma(bc(-LN2_LO), r);
        FloatVector r2 = r.mul(r);
        FloatVector p = r.fma(P0, P1);
        p = p.fma(r, bc(P2));
        p = p.fma(r, bc(P3));
        p = p.fma(r, bc(P4));
        p = p.fma(r, bc(P5));
        p = p.fma(r2, r).add(1f);
        IntVector bits = (IntVector) t.reinterpretAsInts();
        FloatVector scale = bits.sub(MAGIC_BITS - 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(scale);
    }

    /** tanh(x) = 1 - 2 / (e^{2x} + 1) per lane. */
    public static FloatVector tanh(FloatVector x) {
        FloatVector e = exp(x.max(-TANH_CLAMP).min(TANH_CLAMP).mul(2f));
        return FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(e.add(1f)));
    }

    /** out[i] = e^(in[i] - shift) for i in [from, to); returns their sum, added in a fixed order. */
    public static float expShifted(float[] out, int outOff, float[] in, int inOff, int count, float shift) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (; i + W <= count; i += W) {
            FloatVector e = exp(FloatVector.fromArray(S, in, inOff + i).sub(shift));
            e.intoArray(out, outOff + i);
            acc = acc.add(e);
        }
        float sum = sumLanes(acc);
        if (i < count) {
            // The tail goes through the same vector code on a padded copy, so it gets the same bits.
            float[] pad = PAD.get();
            System.arraycopy(in, inOff + i, pad, 0, count - i);
            FloatVector e = exp(FloatVector.fromArray(S, pad, 0).sub(shift));
            e.intoArray(pad, 0);
            for (int j = 0; j < count - i; j++) {
                out[outOff + i + j] = pad[j];
                sum += pad[j];
            }
        }
        return sum;
    }

    /** max of in[inOff, inOff + count). */
    public static float max(float[] in, int inOff, int count) {
        float max = Float.NEGATIVE_INFINITY;
        int i = 0;
        if (count >= W) {
            FloatVector m = FloatVector.fromArray(S, in, inOff);
            for (i = W; i + W <= count; i += W) {
                m = m.max(FloatVector.fromArray(S, in, inOff + i));
            }
            max = m.reduceLanes(VectorOperators.MAX); // exact in any order
        }
        for (; i < count; i++) {
            max = Math.max(max, in[inOff + i]);
        }
        return max;
    }

    /** tanh over arrays: out[i] = tanh(scale * (x + cube * x^3)) for the GELU inner term. */
    public static void geluTanh(float[] out, float[] in, int from, int to, float scale, float cube) {
        int i = from;
        for (; i + W <= to; i += W) {
            FloatVector x = FloatVector.fromArray(S, in, i);
            FloatVector u = x.mul(x).mul(x).fma(bc(cube), x).mul(scale);
            tanh(u).intoArray(out, i);
        }
        if (i < to) {
            float[] pad = PAD.get();
            System.arraycopy(in, i, pad, 0, to - i);
            FloatVector x = FloatVector.fromArray(S, pad, 0);
            FloatVector u = x.mul(x).mul(x).fma(bc(cube), x).mul(scale);
            tanh(u).intoArray(pad, 0);
            System.arraycopy(pad, 0, out, i, to - i);
        }
    }

    private static FloatVector bc(float value) {
        return FloatVector.broadcast(S, value);
    }

    /** Sum of the lanes, left to right. */
    public static float sumLanes(FloatVector v) {
        float[] lanes = v.toArray();
        float s = 0f;
        for (float lane : lanes) {
            s += lane;
        }
        return s;
    }
}
