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
 * <p>The inner kernel keeps a {@value #ROWS} x (2 vectors) tile of C in registers (12 of AVX2's 16)
 * and streams k: per step 2 loads from a packed panel of B, 6 broadcasts from a packed panel of A,
 * 12 FMAs. k runs in blocks of {@value #KC} and rows in blocks of MC so the panels stay in L1/L2
 * (the BLIS loop order).
 *
 * <p>Each element of C is one fused multiply-add chain over k in increasing order, starting from its
 * initial value, whether it falls in a vector tile or a scalar tail and wherever a k block ends (the
 * partial sum is stored exactly in C between blocks). So the result does not depend on how rows are
 * split across threads, which keeps training bit-for-bit reproducible.
 */
public final class MatMul {

    /** Rows of C per register tile; callers that block rows themselves should use multiples of it. */
    public static final int ROWS = 6;
    private static final int KC = 256;
    private static final int MC = 20 * ROWS;

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
        // Chunks of at least ~256k multiply-adds keep the fork/join overhead negligible.
        int grain = Math.max(ROWS, (1 << 18) / Math.max(1, n * k));
        Parallel.range(m, grain, ROWS, (m0, m1) ->
                gemmRows(m0, m1, n, k, a, aOff, aRs, aCs, b, bOff, ldb, c, cOff, ldc, init, bias, biasOff));
    }

    /** Multiplies rows {@code [m0, m1)} of C on the calling thread. */
    public static void gemmRows(int m0, int m1, int n, int k,
                                float[] a, int aOff, int aRs, int aCs,
                                float[] b, int bOff, int ldb,
                                float[] c, int cOff, int ldc,
                                Init init, float[] bias, int biasOff) {
        if (k == 0) {
            initOnly(m0, m1, n, c, cOff, ldc, init, bias, biasOff);
            return;
        }
        // Blocks of MC rows keep the packed A block (MC x KC) in L2 while B panels stream through L1.
        for (int mb = m0; mb < m1; mb += MC) {
            block(mb, Math.min(m1, mb + MC), n, k, a, aOff, aRs, aCs, b, bOff, ldb, c, cOff, ldc, init, bias, biasOff);
        }
    }

    private static void block(int m0, int m1, int n, int k,
                              float[] a, int aOff, int aRs, int aCs,
                              float[] b, int bOff, int ldb,
                              float[] c, int cOff, int ldc,
                              Init init, float[] bias, int biasOff) {
        int tiles = (m1 - m0) / ROWS;
        int mt = m0 + tiles * ROWS; // rows from here on are done one at a time
        int kcMax = Math.min(k, KC);
        float[] panel = panel(tiles * ROWS * kcMax + 2 * W * kcMax);
        int bPanel = tiles * ROWS * kcMax; // where the packed B panel lives in the same buffer
        for (int k0 = 0; k0 < k; k0 += KC) {
            int kc = Math.min(KC, k - k0);
            // After the first block every element continues from its stored partial sum.
            Init blockInit = k0 == 0 ? init : Init.ACCUMULATE;
            int ak = aOff + k0 * aCs;
            int bk = bOff + k0 * ldb;
            for (int t = 0; t < tiles; t++) {
                pack(panel, t * ROWS * kc, a, ak + (m0 + t * ROWS) * aRs, aRs, aCs, kc);
            }
            // Column tiles outside, row tiles inside: the packed kc x 2W panel of B stays in L1
            // while the packed rows of A stream past it; both are read with unit stride.
            // A single row tile (attention's causal row blocks) reads B in place: packing would
            // cost as much as the tile itself.
            boolean packB = tiles > 1;
            int j = 0;
            for (; j + 2 * W <= n; j += 2 * W) {
                if (packB) {
                    packB(panel, bPanel, b, bk + j, ldb, kc);
                }
                float[] bSrc = packB ? panel : b;
                int bStart = packB ? bPanel : bk + j;
                int bStride = packB ? 2 * W : ldb;
                for (int t = 0; t < tiles; t++) {
                    int m = m0 + t * ROWS;
                    tile6x2(panel, t * ROWS * kc, kc, bSrc, bStart, bStride, c, cOff + m * ldc + j, ldc, j,
                            blockInit, bias, biasOff);
                }
            }
            for (; j < n; j += W) {
                int width = Math.min(W, n - j);
                for (int m = m0; m < mt; m++) {
                    row(a, ak + m * aRs, aCs, kc, b, bk + j, ldb, c, cOff + m * ldc + j, j, width, blockInit, bias, biasOff);
                }
            }
            for (int m = mt; m < m1; m++) {
                for (int jj = 0; jj < n; jj += W) {
                    int width = Math.min(W, n - jj);
                    row(a, ak + m * aRs, aCs, kc, b, bk + jj, ldb, c, cOff + m * ldc + jj, jj, width, blockInit, bias, biasOff);
                }
            }
        }
    }

    private static final ThreadLocal<float[]> PANEL = ThreadLocal.withInitial(() -> new float[0]);

    /** This thread's packing buffer, grown as needed. */
    private static float[] panel(int size) {
        float[] panel = PANEL.get();
        if (panel.length < size) {
            panel = new float[size];
            PANEL.set(panel);
        }
        return panel;
    }

    /** panel[at + p * 2W + e] = B[p][e]: one kc x 2W column panel of B, contiguous. */
    private static void packB(float[] panel, int at, float[] b, int bOff, int ldb, int kc) {
        for (int p = 0; p < kc; p++) {
            System.arraycopy(b, bOff + p * ldb, panel, at + p * 2 * W, 2 * W);
        }
    }

    /** panel[at + p * ROWS + r] = A[r][p]: the six A values of step p side by side. */
    private static void pack(float[] panel, int at, float[] a, int aOff, int aRs, int aCs, int kc) {
        for (int r = 0; r < ROWS; r++) {
            int src = aOff + r * aRs;
            for (int p = 0, dst = at + r; p < kc; p++, dst += ROWS, src += aCs) {
                panel[dst] = a[src];
            }
        }
    }

    private static FloatVector start(float[] c, int ci, int j, Init init, float[] bias, int biasOff) {
        return switch (init) {
            case ZERO -> FloatVector.zero(S);
            case BIAS -> FloatVector.fromArray(S, bias, biasOff + j);
            case ACCUMULATE -> FloatVector.fromArray(S, c, ci);
        };
    }

    /** Six rows x 2W columns of C from the packed A panel at {@code at} and B rows {@code bs + p * bStride}. */
    private static void tile6x2(float[] panel, int at, int kc, float[] bm, int bs, int bStride,
                                float[] c, int ci, int ldc, int j, Init init, float[] bias, int biasOff) {
        int c0 = ci, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc;
        FloatVector acc00 = start(c, c0, j, init, bias, biasOff);
        FloatVector acc01 = start(c, c0 + W, j + W, init, bias, biasOff);
        FloatVector acc10 = start(c, c1, j, init, bias, biasOff);
        FloatVector acc11 = start(c, c1 + W, j + W, init, bias, biasOff);
        FloatVector acc20 = start(c, c2, j, init, bias, biasOff);
        FloatVector acc21 = start(c, c2 + W, j + W, init, bias, biasOff);
        FloatVector acc30 = start(c, c3, j, init, bias, biasOff);
        FloatVector acc31 = start(c, c3 + W, j + W, init, bias, biasOff);
        FloatVector acc40 = start(c, c4, j, init, bias, biasOff);
        FloatVector acc41 = start(c, c4 + W, j + W, init, bias, biasOff);
        FloatVector acc50 = start(c, c5, j, init, bias, biasOff);
        FloatVector acc51 = start(c, c5 + W, j + W, init, bias, biasOff);
        for (int p = 0; p < kc; p++) {
            int q = at + p * ROWS;
            int bi = bs + p * bStride;
            FloatVector b0 = FloatVector.fromArray(S, bm, bi);
            FloatVector b1 = FloatVector.fromArray(S, bm, bi + W);
            FloatVector x = FloatVector.broadcast(S, panel[q]);
            acc00 = x.fma(b0, acc00);
            acc01 = x.fma(b1, acc01);
            x = FloatVector.broadcast(S, panel[q + 1]);
            acc10 = x.fma(b0, acc10);
            acc11 = x.fma(b1, acc11);
            x = FloatVector.broadcast(S, panel[q + 2]);
            acc20 = x.fma(b0, acc20);
            acc21 = x.fma(b1, acc21);
            x = FloatVector.broadcast(S, panel[q + 3]);
            acc30 = x.fma(b0, acc30);
            acc31 = x.fma(b1, acc31);
            x = FloatVector.broadcast(S, panel[q + 4]);
            acc40 = x.fma(b0, acc40);
            acc41 = x.fma(b1, acc41);
            x = FloatVector.broadcast(S, panel[q + 5]);
            acc50 = x.fma(b0, acc50);
            acc51 = x.fma(b1, acc51);
        }
        acc00.intoArray(c, c0);
        acc01.intoArray(c, c0 + W);
        acc10.intoArray(c, c1);
        acc11.intoArray(c, c1 + W);
        acc20.intoArray(c, c2);
        acc21.intoArray(c, c2 + W);
        acc30.intoArray(c, c3);
        acc31.intoArray(c, c3 + W);
        acc40.intoArray(c, c4);
        acc41.intoArray(c, c4 + W);
        acc50.intoArray(c, c5);
        acc51.intoArray(c, c5 + W);
    }

    /** One row of C, columns [j, j + width) with width <= W: one vector, or scalars for a tail. */
    private static void row(float[] a, int ai, int aCs, int kc, float[] b, int bi, int ldb,
                            float[] c, int ci, int j, int width, Init init, float[] bias, int biasOff) {
        if (width == W) {
            FloatVector acc = start(c, ci, j, init, bias, biasOff);
            for (int p = 0; p < kc; p++, ai += aCs, bi += ldb) {
                acc = FloatVector.broadcast(S, a[ai]).fma(FloatVector.fromArray(S, b, bi), acc);
            }
            acc.intoArray(c, ci);
            return;
        }
        for (int e = 0; e < width; e++) {
            float acc = switch (init) {
                case ZERO -> 0f;
                case BIAS -> bias[biasOff + j + e];
                case ACCUMULATE -> c[ci + e];
            };
            for (int p = 0, x = ai, y = bi + e; p < kc; p++, x += aCs, y += ldb) {
                acc = Math.fma(a[x], b[y], acc);
            }
            c[ci + e] = acc;
        }
    }

    private static void initOnly(int m0, int m1, int n, float[] c, int cOff, int ldc,
                                 Init init, float[] bias, int biasOff) {
        if (init == Init.ACCUMULATE) {
            return;
        }
        for (int m = m0; m < m1; m++) {
            for (int j = 0; j < n; j++) {
                c[cOff + m * ldc + j] = init == Init.BIAS ? bias[biasOff + j] : 0f;
            }
        }
    }
}
