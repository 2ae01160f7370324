package io.specialist.model.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * One general matrix-multiply kernel, {@code C = init + A · B}, vectorised with the Vector API and
 * used for every dense product in the model (linear layers forward and backward, attention).
 *
 * <p>Layouts are given by offsets and strides so callers can pass slices (one attention head of a
 * fused q/k/v tensor) or transposed views without copying: {@code A[m][k] = a[aOff + m*aRs + k*aCs]},
 * {@code B[k][n] = b[bOff + k*bRs + n*bCs]}, {@code C[m][n] = c[cOff + m*ldc + n]}. A weight stored
 * (out, in) is used as Wᵀ with {@code bRs = 1, bCs = in}: packing reads it in place, so no transposed
 * copy is made.
 *
 * <p>The BLIS loop order: k runs in blocks of KC, rows in blocks of {@value #MC}. All of B is packed
 * once per product into KC x NR column panels (read with unit stride; a panel stays in L1 while
 * every row tile of the block passes over it). Rows of A with unit column stride are read in place
 * by the register tile (six row streams); any other A (a transposed one: doutᵀ in a weight gradient)
 * is packed per block so the six values of a k step are adjacent. C is set to its initial value
 * (zero, bias) first and every kernel accumulates into it. The register tile is {@value #ROWS} rows
 * x VECS vectors of C: 6 x 4 with 512-bit vectors (24 of the 32 registers; 4 loads and 6
 * broadcasts per 24 FMAs), 6 x 2 with 256-bit vectors (12 of 16).
 *
 * <p>{@link #gemm} packs B with all threads into the caller's buffer, then splits C into two tasks
 * per thread, each a contiguous range of whole rows (or of column panels when C has too few rows)
 * that reads the shared packed B. A single row tile ({@link #gemmRows} from attention) reads a
 * row-major B in place.
 *
 * <p>Each element of C is one fused multiply-add chain over k in increasing order, starting from its
 * initial value, whether it falls in a vector tile or a scalar tail and wherever a k block ends (the
 * partial sum is stored exactly in C between blocks). So the result depends neither on the tiling nor
 * on how C is split across threads, which keeps training bit-for-bit reproducible.
 */
public final class MatMul {

    /** Rows of C per register tile; callers that block rows themselves should use multiples of it. */
    public static final int ROWS = 6;
    private static final int MC = 32 * ROWS;

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int W = S.length();
    /** Vectors per row of the register tile: 4 when 32 vector registers hold 24 accumulators. */
    private static final int VECS = W >= 16 ? 4 : 2;
    /** Columns of a packed B panel. */
    private static final int NR = VECS * W;
    /** Depth of a k block: the packed B panel (KC x NR floats) takes 16 KB (256-bit) or 32 KB of L1. */
    private static final int KC = W >= 16 ? 128 : 256;
    /** Multiply-adds below which a product runs on the calling thread. */
    private static final long SERIAL_WORK = 1L << 19;

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

    /** {@link #gemm(int, int, int, float[], int, int, int, float[], int, int, int, float[], int, int, Init, float[], int)} with rows of B contiguous ({@code bRs = ldb, bCs = 1}). */
    public static void gemm(int m, int n, int k,
                            float[] a, int aOff, int aRs, int aCs,
                            float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc,
                            Init init, float[] bias, int biasOff) {
        gemm(m, n, k, a, aOff, aRs, aCs, b, bOff, ldb, 1, c, cOff, ldc, init, bias, biasOff);
    }

    /** Multiplies all of C, split across the worker threads. */
    public static void gemm(int m, int n, int k,
                            float[] a, int aOff, int aRs, int aCs,
                            float[] b, int bOff, int bRs, int bCs,
                            float[] c, int cOff, int ldc,
                            Init init, float[] bias, int biasOff) {
        int threads = Parallel.threads();
        long work = (long) m * n * k;
        if (threads == 1 || work < SERIAL_WORK) {
            gemmRows(0, m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, init, bias, biasOff);
            return;
        }
        // B is packed once, by all threads, into the caller's buffer; the row tasks then share it.
        float[] packed = needsPackedB(m, bCs) ? packB(n, k, b, bOff, bRs, bCs, true) : null;
        // Two tasks per thread: enough to even out a core that is briefly busy elsewhere, few and
        // large enough (hundreds of rows) that fork/join costs nothing measurable.
        int wanted = (int) Math.min(2L * threads, work / SERIAL_WORK);
        int rowTiles = (m + ROWS - 1) / ROWS;
        if (rowTiles >= wanted || n <= NR) {
            int tasks = Math.min(wanted, rowTiles);
            int step = (rowTiles + tasks - 1) / tasks * ROWS;
            int count = (m + step - 1) / step;
            Parallel.range(count, 1, (t0, t1) -> multiply(t0 * step, Math.min(m, t1 * step), 0, n, k,
                    a, aOff, aRs, aCs, b, bOff, bRs, packed, n, c, cOff, ldc, init, bias, biasOff));
        } else {
            // Few rows (a low-rank product): split the columns instead, in whole panels.
            int panels = (n + NR - 1) / NR;
            int tasks = Math.min(wanted, panels);
            int step = (panels + tasks - 1) / tasks * NR;
            int count = (n + step - 1) / step;
            Parallel.range(count, 1, (t0, t1) -> multiply(0, m, t0 * step, Math.min(n, t1 * step), k,
                    a, aOff, aRs, aCs, b, bOff, bRs, packed, n, c, cOff, ldc, init, bias, biasOff));
        }
    }

    /** Multiplies rows {@code [m0, m1)} of C on the calling thread (rows of B contiguous). */
    public static void gemmRows(int m0, int m1, int n, int k,
                                float[] a, int aOff, int aRs, int aCs,
                                float[] b, int bOff, int ldb,
                                float[] c, int cOff, int ldc,
                                Init init, float[] bias, int biasOff) {
        gemmRows(m0, m1, n, k, a, aOff, aRs, aCs, b, bOff, ldb, 1, c, cOff, ldc, init, bias, biasOff);
    }

    private static void gemmRows(int m0, int m1, int n, int k,
                                 float[] a, int aOff, int aRs, int aCs,
                                 float[] b, int bOff, int bRs, int bCs,
                                 float[] c, int cOff, int ldc,
                                 Init init, float[] bias, int biasOff) {
        float[] packed = needsPackedB(m1 - m0, bCs) ? packB(n, k, b, bOff, bRs, bCs, false) : null;
        multiply(m0, m1, 0, n, k, a, aOff, aRs, aCs, b, bOff, bRs, packed, n, c, cOff, ldc, init, bias, biasOff);
    }

    /**
     * Packing B pays when more than one row tile reads it, and is needed to read a transposed B.
     * A single row tile (attention's causal row blocks) reads contiguous B in place.
     */
    private static boolean needsPackedB(int rows, int bCs) {
        return bCs != 1 || rows >= 2 * ROWS;
    }

    /**
     * Rows {@code [m0, m1)} x columns {@code [n0, n1)} of C on the calling thread, with B either packed
     * by {@link #packB} ({@code packed != null}, n columns in all) or read in place (rows contiguous).
     */
    private static void multiply(int m0, int m1, int n0, int n1, int k,
                                 float[] a, int aOff, int aRs, int aCs,
                                 float[] b, int bOff, int bRs, float[] packed, int n,
                                 float[] c, int cOff, int ldc,
                                 Init init, float[] bias, int biasOff) {
        // C is set to its initial values first and every kernel accumulates into it: the chain then
        // starts from the same value (a zero or bias read back exactly) and the kernels stay small
        // enough for the JIT to inline every vector operation.
        initOnly(m0, m1, n0, n1, c, cOff, ldc, init, bias, biasOff);
        int npad = (n + NR - 1) / NR * NR;
        for (int k0 = 0; k0 < k; k0 += KC) {
            int kc = Math.min(KC, k - k0);
            for (int mb = m0; mb < m1; mb += MC) {
                block(mb, Math.min(m1, mb + MC), n0, n1, k0, kc, a, aOff, aRs, aCs, b, bOff, bRs,
                        packed, k0 * npad, c, cOff, ldc);
            }
        }
    }

    /** Rows [m0, m1) (at most MC) x columns [n0, n1) of C, k steps [k0, k0 + kc). */
    private static void block(int m0, int m1, int n0, int n1, int k0, int kc,
                              float[] a, int aOff, int aRs, int aCs,
                              float[] b, int bOff, int bRs, float[] packed, int packedK0,
                              float[] c, int cOff, int ldc) {
        int tiles = (m1 - m0) / ROWS;
        int mt = m0 + tiles * ROWS; // rows from here on are done one at a time
        int ak = aOff + k0 * aCs;
        // Rows of A with unit column stride are read in place (six row streams); any other layout
        // (doutᵀ in a weight gradient) is packed so the six values of a k step are adjacent.
        boolean packA = aCs != 1 && tiles > 0;
        float[] aSrc = a;
        int ars = aRs, acs = aCs;
        if (packA) {
            aSrc = panelA(tiles * ROWS * kc);
            for (int t = 0; t < tiles; t++) {
                packA(aSrc, t * ROWS * kc, a, ak + (m0 + t * ROWS) * aRs, aRs, aCs, kc);
            }
            ars = 1;
            acs = ROWS;
        }
        for (int j = n0; j < n1; j += NR) {
            int width = Math.min(NR, n1 - j);
            float[] bSrc = b;
            int bStart = bOff + k0 * bRs + j;
            int bStride = bRs;
            if (packed != null) {
                bSrc = packed;
                bStart = packedK0 + j * kc; // panel j / NR of this k block
                bStride = NR;
            }
            int jj = 0;
            if (width == NR && VECS == 4) {
                for (int t = 0; t < tiles; t++) {
                    int m = m0 + t * ROWS;
                    int at = packA ? t * ROWS * kc : ak + m * aRs;
                    tile6x4(aSrc, at, ars, acs, kc, bSrc, bStart, bStride, c, cOff + m * ldc + j, ldc);
                }
                jj = NR;
            }
            for (; jj + 2 * W <= width; jj += 2 * W) {
                for (int t = 0; t < tiles; t++) {
                    int m = m0 + t * ROWS;
                    int at = packA ? t * ROWS * kc : ak + m * aRs;
                    tile6x2(aSrc, at, ars, acs, kc, bSrc, bStart + jj, bStride, c, cOff + m * ldc + j + jj, ldc);
                }
            }
            for (; jj < width; jj += W) {
                int w = Math.min(W, width - jj);
                for (int m = m0; m < mt; m++) {
                    row(a, ak + m * aRs, aCs, kc, bSrc, bStart + jj, bStride, c, cOff + m * ldc + j + jj, w);
                }
            }
            for (int m = mt; m < m1; m++) {
                for (jj = 0; jj < width; jj += W) {
                    int w = Math.min(W, width - jj);
                    row(a, ak + m * aRs, aCs, kc, bSrc, bStart + jj, bStride, c, cOff + m * ldc + j + jj, w);
                }
            }
        }
    }

    private static final ThreadLocal<float[]> PACKED_B = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> PANEL_A = ThreadLocal.withInitial(() -> new float[0]);

    private static float[] grow(ThreadLocal<float[]> buffer, int size) {
        float[] buf = buffer.get();
        if (buf.length < size) {
            buf = new float[size];
            buffer.set(buf);
        }
        return buf;
    }

    /** This thread's buffer for packed row tiles of A (at most MC x KC floats). */
    private static float[] panelA(int size) {
        return grow(PANEL_A, size);
    }

    /**
     * All of B (k x n) packed into the calling thread's buffer: k block by k block (offset
     * {@code k0 * npad}), in column panels of NR (offset {@code j * kc} within the block), each panel
     * kc rows of NR contiguous floats. With {@code parallel} the panels are packed by all threads.
     */
    private static float[] packB(int n, int k, float[] b, int bOff, int bRs, int bCs, boolean parallel) {
        int npad = (n + NR - 1) / NR * NR;
        float[] packed = grow(PACKED_B, k * npad);
        int panels = npad / NR;
        Parallel.Range pack = (p0, p1) -> {
            for (int k0 = 0; k0 < k; k0 += KC) {
                int kc = Math.min(KC, k - k0);
                for (int jp = p0; jp < p1; jp++) {
                    int j = jp * NR;
                    packPanel(packed, k0 * npad + j * kc, b, bOff + k0 * bRs + j * bCs, bRs, bCs, kc,
                            Math.min(NR, n - j));
                }
            }
        };
        if (parallel) {
            Parallel.range(panels, 1, pack);
        } else {
            pack.run(0, panels);
        }
        return packed;
    }

    /** panel[at + p * NR + e] = B[p][e] for e < width: one kc x NR column panel of B, contiguous. */
    private static void packPanel(float[] panel, int at, float[] b, int bOff, int bRs, int bCs, int kc, int width) {
        if (bCs == 1) {
            for (int p = 0; p < kc; p++) {
                System.arraycopy(b, bOff + p * bRs, panel, at + p * NR, width);
            }
        } else {
            // Transposed B (a weight used as Wᵀ): read each of its rows contiguously.
            for (int e = 0; e < width; e++) {
                for (int p = 0, src = bOff + e * bCs, dst = at + e; p < kc; p++, src += bRs, dst += NR) {
                    panel[dst] = b[src];
                }
            }
        }
    }

    /** panel[at + p * ROWS + r] = A[r][p]: the six A values of step p side by side. */
    private static void packA(float[] panel, int at, float[] a, int aOff, int aRs, int aCs, int kc) {
        if (aRs == 1) {
            // Transposed A: the six values of a step are adjacent in memory too.
            for (int p = 0, src = aOff, dst = at; p < kc; p++, src += aCs, dst += ROWS) {
                panel[dst] = a[src];
                panel[dst + 1] = a[src + 1];
                panel[dst + 2] = a[src + 2];
                panel[dst + 3] = a[src + 3];
                panel[dst + 4] = a[src + 4];
                panel[dst + 5] = a[src + 5];
            }
            return;
        }
        for (int r = 0; r < ROWS; r++) {
            int src = aOff + r * aRs;
            for (int p = 0, dst = at + r; p < kc; p++, dst += ROWS, src += aCs) {
                panel[dst] = a[src];
            }
        }
    }

    /**
     * 6 rows x 4W columns of C; A[r][p] = {@code a[ai + r*ars + p*acs]} (a packed panel or rows
     * of A in place), B[p][e] = {@code bm[bs + p*bStride + e]}.
     */
    private static void tile6x4(float[] a, int ai, int ars, int acs, int kc, float[] bm, int bs, int bStride,
                                float[] c, int ci, int ldc) {
        int c0 = ci, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc;
        int r1 = ars, r2 = 2 * ars, r3 = 3 * ars, r4 = 4 * ars, r5 = 5 * ars;
        FloatVector acc00 = FloatVector.fromArray(S, c, c0);
        FloatVector acc01 = FloatVector.fromArray(S, c, c0 + W);
        FloatVector acc02 = FloatVector.fromArray(S, c, c0 + 2 * W);
        FloatVector acc03 = FloatVector.fromArray(S, c, c0 + 3 * W);
        FloatVector acc10 = FloatVector.fromArray(S, c, c1);
        FloatVector acc11 = FloatVector.fromArray(S, c, c1 + W);
        FloatVector acc12 = FloatVector.fromArray(S, c, c1 + 2 * W);
        FloatVector acc13 = FloatVector.fromArray(S, c, c1 + 3 * W);
        FloatVector acc20 = FloatVector.fromArray(S, c, c2);
        FloatVector acc21 = FloatVector.fromArray(S, c, c2 + W);
        FloatVector acc22 = FloatVector.fromArray(S, c, c2 + 2 * W);
        FloatVector acc23 = FloatVector.fromArray(S, c, c2 + 3 * W);
        FloatVector acc30 = FloatVector.fromArray(S, c, c3);
        FloatVector acc31 = FloatVector.fromArray(S, c, c3 + W);
        FloatVector acc32 = FloatVector.fromArray(S, c, c3 + 2 * W);
        FloatVector acc33 = FloatVector.fromArray(S, c, c3 + 3 * W);
        FloatVector acc40 = FloatVector.fromArray(S, c, c4);
        FloatVector acc41 = FloatVector.fromArray(S, c, c4 + W);
        FloatVector acc42 = FloatVector.fromArray(S, c, c4 + 2 * W);
        FloatVector acc43 = FloatVector.fromArray(S, c, c4 + 3 * W);
        FloatVector acc50 = FloatVector.fromArray(S, c, c5);
        FloatVector acc51 = FloatVector.fromArray(S, c, c5 + W);
        FloatVector acc52 = FloatVector.fromArray(S, c, c5 + 2 * W);
        FloatVector acc53 = FloatVector.fromArray(S, c, c5 + 3 * W);
        for (int p = 0, q = ai, bi = bs; p < kc; p++, q += acs, bi += bStride) {
            FloatVector b0 = FloatVector.fromArray(S, bm, bi);
            FloatVector b1 = FloatVector.fromArray(S, bm, bi + W);
            FloatVector b2 = FloatVector.fromArray(S, bm, bi + 2 * W);
            FloatVector b3 = FloatVector.fromArray(S, bm, bi + 3 * W);
            FloatVector x = FloatVector.broadcast(S, a[q]);
            acc00 = x.fma(b0, acc00);
            acc01 = x.fma(b1, acc01);
            acc02 = x.fma(b2, acc02);
            acc03 = x.fma(b3, acc03);
            x = FloatVector.broadcast(S, a[q + r1]);
            acc10 = x.fma(b0, acc10);
            acc11 = x.fma(b1, acc11);
            acc12 = x.fma(b2, acc12);
            acc13 = x.fma(b3, acc13);
            x = FloatVector.broadcast(S, a[q + r2]);
            acc20 = x.fma(b0, acc20);
            acc21 = x.fma(b1, acc21);
            acc22 = x.fma(b2, acc22);
            acc23 = x.fma(b3, acc23);
            x = FloatVector.broadcast(S, a[q + r3]);
            acc30 = x.fma(b0, acc30);
            acc31 = x.fma(b1, acc31);
            acc32 = x.fma(b2, acc32);
            acc33 = x.fma(b3, acc33);
            x = FloatVector.broadcast(S, a[q + r4]);
            acc40 = x.fma(b0, acc40);
            acc41 = x.fma(b1, acc41);
            acc42 = x.fma(b2, acc42);
            acc43 = x.fma(b3, acc43);
            x = FloatVector.broadcast(S, a[q + r5]);
            acc50 = x.fma(b0, acc50);
            acc51 = x.fma(b1, acc51);
            acc52 = x.fma(b2, acc52);
            acc53 = x.fma(b3, acc53);
        }
        acc00.intoArray(c, c0);
        acc01.intoArray(c, c0 + W);
        acc02.intoArray(c, c0 + 2 * W);
        acc03.intoArray(c, c0 + 3 * W);
        acc10.intoArray(c, c1);
        acc11.intoArray(c, c1 + W);
        acc12.intoArray(c, c1 + 2 * W);
        acc13.intoArray(c, c1 + 3 * W);
        acc20.intoArray(c, c2);
        acc21.intoArray(c, c2 + W);
        acc22.intoArray(c, c2 + 2 * W);
        acc23.intoArray(c, c2 + 3 * W);
        acc30.intoArray(c, c3);
        acc31.intoArray(c, c3 + W);
        acc32.intoArray(c, c3 + 2 * W);
        acc33.intoArray(c, c3 + 3 * W);
        acc40.intoArray(c, c4);
        acc41.intoArray(c, c4 + W);
        acc42.intoArray(c, c4 + 2 * W);
        acc43.intoArray(c, c4 + 3 * W);
        acc50.intoArray(c, c5);
        acc51.intoArray(c, c5 + W);
        acc52.intoArray(c, c5 + 2 * W);
        acc53.intoArray(c, c5 + 3 * W);
    }

    /**
     * 6 rows x 2W columns of C; A[r][p] = {@code a[ai + r*ars + p*acs]} (a packed panel or rows
     * of A in place), B[p][e] = {@code bm[bs + p*bStride + e]}.
     */
    private static void tile6x2(float[] a, int ai, int ars, int acs, int kc, float[] bm, int bs, int bStride,
                                float[] c, int ci, int ldc) {
        int c0 = ci, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc;
        int r1 = ars, r2 = 2 * ars, r3 = 3 * ars, r4 = 4 * ars, r5 = 5 * ars;
        FloatVector acc00 = FloatVector.fromArray(S, c, c0);
        FloatVector acc01 = FloatVector.fromArray(S, c, c0 + W);
        FloatVector acc10 = FloatVector.fromArray(S, c, c1);
        FloatVector acc11 = FloatVector.fromArray(S, c, c1 + W);
        FloatVector acc20 = FloatVector.fromArray(S, c, c2);
        FloatVector acc21 = FloatVector.fromArray(S, c, c2 + W);
        FloatVector acc30 = FloatVector.fromArray(S, c, c3);
        FloatVector acc31 = FloatVector.fromArray(S, c, c3 + W);
        FloatVector acc40 = FloatVector.fromArray(S, c, c4);
        FloatVector acc41 = FloatVector.fromArray(S, c, c4 + W);
        FloatVector acc50 = FloatVector.fromArray(S, c, c5);
        FloatVector acc51 = FloatVector.fromArray(S, c, c5 + W);
        for (int p = 0, q = ai, bi = bs; p < kc; p++, q += acs, bi += bStride) {
            FloatVector b0 = FloatVector.fromArray(S, bm, bi);
            FloatVector b1 = FloatVector.fromArray(S, bm, bi + W);
            FloatVector x = FloatVector.broadcast(S, a[q]);
            acc00 = x.fma(b0, acc00);
            acc01 = x.fma(b1, acc01);
            x = FloatVector.broadcast(S, a[q + r1]);
            acc10 = x.fma(b0, acc10);
            acc11 = x.fma(b1, acc11);
            x = FloatVector.broadcast(S, a[q + r2]);
            acc20 = x.fma(b0, acc20);
            acc21 = x.fma(b1, acc21);
            x = FloatVector.broadcast(S, a[q + r3]);
            acc30 = x.fma(b0, acc30);
            acc31 = x.fma(b1, acc31);
            x = FloatVector.broadcast(S, a[q + r4]);
            acc40 = x.fma(b0, acc40);
            acc41 = x.fma(b1, acc41);
            x = FloatVector.broadcast(S, a[q + r5]);
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
                            float[] c, int ci, int width) {
        if (width == W) {
            FloatVector acc = FloatVector.fromArray(S, c, ci);
            for (int p = 0; p < kc; p++, ai += aCs, bi += ldb) {
                acc = FloatVector.broadcast(S, a[ai]).fma(FloatVector.fromArray(S, b, bi), acc);
            }
            acc.intoArray(c, ci);
            return;
        }
        for (int e = 0; e < width; e++) {
            float acc = c[ci + e];
            for (int p = 0, x = ai, y = bi + e; p < kc; p++, x += aCs, y += ldb) {
                acc = Math.fma(a[x], b[y], acc);
            }
            c[ci + e] = acc;
        }
    }

    private static void initOnly(int m0, int m1, int n0, int n1, float[] c, int cOff, int ldc,
                                 Init init, float[] bias, int biasOff) {
        if (init == Init.ACCUMULATE) {
            return;
        }
        for (int m = m0; m < m1; m++) {
            int row = cOff + m * ldc;
            if (init == Init.BIAS) {
                System.arraycopy(bias, biasOff + n0, c, row + n0, n1 - n0);
            } else {
                java.util.Arrays.fill(c, row + n0, row + n1, 0f);
            }
        }
    }
}
