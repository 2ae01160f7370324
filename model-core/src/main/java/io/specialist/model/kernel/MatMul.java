package io.specialist.model.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * One general matrix-multiply kernel, {@code C = init + A · B}, vectorised with the Vector API and
 * used for every dense product in the model (linear layers forward and backward, attention).
 *
 * <p>Layouts are given by offsets and strides so callers can pass slices (one attention head of a
 * fused q/k/v tensor) or transposed views without copying: {@code A[m][k] = a[aOff + m*aRs + k*aCs]},
 * {@code B[k][n] = b[bOff + k*ldb + n]} (rows of B contiguous), {@code C[m][n] = c[cOff + m*ldc + n]}.
 *
 * <p>Each element of C is one fused multiply-add chain over k in increasing order, starting from
 * its initial value, whether it falls in a vector tile or a scalar tail: the result does not depend
 * on how rows are split across threads, which keeps training deterministic.
 */
public final class MatMul {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int W = S.length();

    private MatMul() {
    }

    /** Width of one vector register in floats on this machine. */
    public static int lanes() {
        return W;
    }

    /** What each element of C starts from before the products are added. */
    public enum Init {
        /** Start from zero (overwrite C). */
        ZERO,
        /** Start from {@code bias[biasOff + n]} (overwrite C). */
        BIAS,
        /** Start from the current value of C (accumulate). */
        ACCUMULATE
    }

    /** Multiplies all M rows, splitting rows across the worker threads. */
    public static void gemm(int m, int n, int k,
                            float[] a, int aOff, int aRs, int aCs,
                            float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc,
                            Init init, float[] bias, int biasOff) {
        // Aim for chunks of at least ~64k multiply-adds so the fork/join overhead stays negligible.
        int grain = Math.max(4, (1 << 16) / Math.max(1, n * k));
        Parallel.range(m, grain, 4, (m0, m1) ->
                gemmRows(m0, m1, n, k, a, aOff, aRs, aCs, b, bOff, ldb, c, cOff, ldc, init, bias, biasOff));
    }

    /** Multiplies rows {@code [m0, m1)} of C on the calling thread. */
    public static void gemmRows(int m0, int m1, int n, int k,
                                float[] a, int aOff, int aRs, int aCs,
                                float[] b, int bOff, int ldb,
                                float[] c, int cOff, int ldc,
                                Init init, float[] bias, int biasOff) {
        int m = m0;
        for (; m + 4 <= m1; m += 4) {
            int j = 0;
            for (; j + 2 * W <= n; j += 2 * W) {
                tile4x2(m, j, k, a, aOff, aRs, aCs, b, bOff, ldb, c, cOff, ldc, init, bias, biasOff);
            }
            for (; j + W <= n; j += W) {
                for (int r = m; r < m + 4; r++) {
                    tile1x1(r, j, k, a, aOff, aRs, aCs, b, bOff, ldb, c, cOff, ldc, init, bias, biasOff);
                }
            }
            for (; j < n; j++) {
                for (int r = m; r < m + 4; r++) {
                    scalar(r, j, k, a, aOff, aRs, aCs, b, bOff, ldb, c, cOff, ldc, init, bias, biasOff);
                }
            }
        }
        for (; m < m1; m++) {
            int j = 0;
            for (; j + W <= n; j += W) {
                tile1x1(m, j, k, a, aOff, aRs, aCs, b, bOff, ldb, c, cOff, ldc, init, bias, biasOff);
            }
            for (; j < n; j++) {
                scalar(m, j, k, a, aOff, aRs, aCs, b, bOff, ldb, c, cOff, ldc, init, bias, biasOff);
            }
        }
    }

    private static FloatVector start(int ci, int j, float[] c, Init init, float[] bias, int biasOff) {
        return switch (init) {
            case ZERO -> FloatVector.zero(S);
            case BIAS -> FloatVector.fromArray(S, bias, biasOff + j);
            case ACCUMULATE -> FloatVector.fromArray(S, c, ci);
        };
    }

    // 4 rows x 2 vectors of C held in 8 registers; per k: 2 loads of B, 4 broadcasts of A, 8 FMAs.
    private static void tile4x2(int m, int j, int k,
                                float[] a, int aOff, int aRs, int aCs,
                                float[] b, int bOff, int ldb,
                                float[] c, int cOff, int ldc,
                                Init init, float[] bias, int biasOff) {
        int c0 = cOff + m * ldc + j;
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        FloatVector acc00 = start(c0, j, c, init, bias, biasOff);
        FloatVector acc01 = start(c0 + W, j + W, c, init, bias, biasOff);
        FloatVector acc10 = start(c1, j, c, init, bias, biasOff);
        FloatVector acc11 = start(c1 + W, j + W, c, init, bias, biasOff);
        FloatVector acc20 = start(c2, j, c, init, bias, biasOff);
        FloatVector acc21 = start(c2 + W, j + W, c, init, bias, biasOff);
        FloatVector acc30 = start(c3, j, c, init, bias, biasOff);
        FloatVector acc31 = start(c3 + W, j + W, c, init, bias, biasOff);
        int a0 = aOff + m * aRs;
        int a1 = a0 + aRs;
        int a2 = a1 + aRs;
        int a3 = a2 + aRs;
        int bi = bOff + j;
        for (int p = 0; p < k; p++, bi += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + W);
            int ap = p * aCs;
            FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
            acc00 = x.fma(b0, acc00);
            acc01 = x.fma(b1, acc01);
            x = FloatVector.broadcast(S, a[a1 + ap]);
            acc10 = x.fma(b0, acc10);
            acc11 = x.fma(b1, acc11);
            x = FloatVector.broadcast(S, a[a2 + ap]);
            acc20 = x.fma(b0, acc20);
            acc21 = x.fma(b1, acc21);
            x = FloatVector.broadcast(S, a[a3 + ap]);
            acc30 = x.fma(b0, acc30);
            acc31 = x.fma(b1, acc31);
        }
        acc00.intoArray(c, c0);
        acc01.intoArray(c, c0 + W);
        acc10.intoArray(c, c1);
        acc11.intoArray(c, c1 + W);
        acc20.intoArray(c, c2);
        acc21.intoArray(c, c2 + W);
        acc30.intoArray(c, c3);
        acc31.intoArray(c, c3 + W);
    }

    private static void tile1x1(int m, int j, int k,
                                float[] a, int aOff, int aRs, int aCs,
                                float[] b, int bOff, int ldb,
                                float[] c, int cOff, int ldc,
                                Init init, float[] bias, int biasOff) {
        int ci = cOff + m * ldc + j;
        FloatVector acc = start(ci, j, c, init, bias, biasOff);
        int ai = aOff + m * aRs;
        int bi = bOff + j;
        for (int p = 0; p < k; p++, ai += aCs, bi += ldb) {
            acc = FloatVector.broadcast(S, a[ai]).fma(FloatVector.fromArray(S, b, bi), acc);
        }
        acc.intoArray(c, ci);
    }

    private static void scalar(int m, int j, int k,
                               float[] a, int aOff, int aRs, int aCs,
                               float[] b, int bOff, int ldb,
                               float[] c, int cOff, int ldc,
                               Init init, float[] bias, int biasOff) {
        int ci = cOff + m * ldc + j;
        float acc = switch (init) {
            case ZERO -> 0f;
            case BIAS -> bias[biasOff + j];
            case ACCUMULATE -> c[ci];
        };
        int ai = aOff + m * aRs;
        int bi = bOff + j;
        for (int p = 0; p < k; p++, ai += aCs, bi += ldb) {
            acc = Math.fma(a[ai], b[bi], acc);
        }
        c[ci] = acc;
    }
}
