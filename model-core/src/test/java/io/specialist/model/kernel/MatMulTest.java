package io.specialist.model.kernel;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MatMulTest {

    static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    /** Every element must be exactly the sequential fused multiply-add chain over k. */
    static float expected(int m, int j, int k, float[] a, int aOff, int aRs, int aCs, float[] b, int bOff, int ldb,
                          float init) {
        return expected(m, j, k, a, aOff, aRs, aCs, b, bOff, ldb, 1, init);
    }

    static float expected(int m, int j, int k, float[] a, int aOff, int aRs, int aCs, float[] b, int bOff, int bRs,
                          int bCs, float init) {
        float acc = init;
        for (int p = 0; p < k; p++) {
            acc = Math.fma(a[aOff + m * aRs + p * aCs], b[bOff + p * bRs + j * bCs], acc);
        }
        return acc;
    }

    @Test
    void matchesTheSequentialFmaChainBitForBitForAllShapesAndLayouts() {
        SplittableRandom r = new SplittableRandom(1);
        int[] sizes = {1, 3, 5, 6, 7, 8, 13, 16, 17, 33, 40};
        for (int m : sizes) {
            for (int n : sizes) {
                for (int k : new int[] {1, 7, 16, 300}) {
                    for (MatMul.Init init : MatMul.Init.values()) {
                        boolean transposedA = (m + n + k) % 2 == 0;
                        float[] a = random(r, m * k + 3);
                        float[] b = random(r, k * (n + 2) + 1);
                        float[] bias = random(r, n + 1);
                        int ldc = n + 1;
                        float[] c = random(r, m * ldc + 2);
                        float[] before = c.clone();
                        int aRs = transposedA ? 1 : k, aCs = transposedA ? m : 1;
                        MatMul.gemm(m, n, k, a, 1, aRs, aCs, b, 1, n + 2, c, 2, ldc, init, bias, 1);
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                float start = switch (init) {
                                    case ZERO -> 0f;
                                    case BIAS -> bias[1 + j];
                                    case ACCUMULATE -> before[2 + i * ldc + j];
                                };
                                float want = expected(i, j, k, a, 1, aRs, aCs, b, 1, n + 2, start);
                                assertThat(c[2 + i * ldc + j]).as("m=%d n=%d k=%d %s (%d,%d)", m, n, k, init, i, j)
                                        .isEqualTo(want);
                            }
                            assertThat(c[2 + i * ldc + n]).isEqualTo(before[2 + i * ldc + n]); // padding untouched
                        }
                    }
                }
            }
        }
    }

    /**
     * Shapes large enough for the widest register tiles (4 vectors), several k blocks, several row
     * blocks and the multi-threaded split, with B given as rows (a weight read as W) or transposed (Wᵀ
     * read in place, as the forward linear layers do).
     */
    @Test
    void largeShapesAndTransposedBMatchTheSequentialFmaChain() {
        SplittableRandom r = new SplittableRandom(4);
        int[][] shapes = {{200, 256, 300}, {61, 130, 129}, {7, 300, 64}, {400, 70, 520}, {3, 1000, 200}};
        for (int[] shape : shapes) {
            int m = shape[0], n = shape[1], k = shape[2];
            for (boolean transposedA : new boolean[] {false, true}) {
                for (boolean transposedB : new boolean[] {false, true}) {
                    float[] a = random(r, m * k + 1);
                    float[] b = random(r, k * n + 2);
                    float[] bias = random(r, n);
                    float[] c = random(r, m * n);
                    int aRs = transposedA ? 1 : k, aCs = transposedA ? m : 1;
                    int bRs = transposedB ? 1 : n, bCs = transposedB ? k : 1;
                    MatMul.Init init = transposedB ? MatMul.Init.BIAS : MatMul.Init.ACCUMULATE;
                    float[] before = c.clone();
                    MatMul.gemm(m, n, k, a, 1, aRs, aCs, b, 2, bRs, bCs, c, 0, n, init, bias, 0);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            float start = init == MatMul.Init.BIAS ? bias[j] : before[i * n + j];
                            float want = expected(i, j, k, a, 1, aRs, aCs, b, 2, bRs, bCs, start);
                            if (c[i * n + j] != want) {
                                assertThat(c[i * n + j]).as("%dx%dx%d A^T=%s B^T=%s (%d,%d)", m, n, k,
                                        transposedA, transposedB, i, j).isEqualTo(want);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void rowSplitsDoNotChangeTheResult() {
        SplittableRandom r = new SplittableRandom(2);
        int m = 97, n = 50, k = 530;
        float[] a = random(r, m * k), b = random(r, k * n);
        float[] whole = new float[m * n], pieces = new float[m * n];
        MatMul.gemmRows(0, m, n, k, a, 0, k, 1, b, 0, n, whole, 0, n, MatMul.Init.ZERO, null, 0);
        for (int m0 = 0; m0 < m; m0 += 5) {
            MatMul.gemmRows(m0, Math.min(m, m0 + 5), n, k, a, 0, k, 1, b, 0, n, pieces, 0, n, MatMul.Init.ZERO, null, 0);
        }
        assertThat(pieces).containsExactly(whole);
    }

    @Test
    void vectorExpAndTanhAreAccurate() {
        float[] in = new float[1000];
        float[] out = new float[1000];
        for (int i = 0; i < in.length; i++) {
            in[i] = -80f + i * 0.085f;
        }
        float sum = VectorMath.expShifted(out, 0, in, 0, 999, 1f); // odd count: exercises the padded tail
        double exact = 0;
        for (int i = 0; i < 999; i++) {
            double e = Math.exp(in[i] - 1f); // the shift is applied in float
            assertThat((double) out[i]).isCloseTo(e, within(3e-7 * e + 1e-37));
            exact += e;
        }
        assertThat((double) sum).isCloseTo(exact, within(1e-5 * exact));
        float[] th = new float[101];
        float[] x = new float[101];
        for (int i = 0; i < x.length; i++) {
            x[i] = -6f + i * 0.12f;
        }
        VectorMath.geluTanh(th, x, 0, x.length, 1f, 0f);
        for (int i = 0; i < x.length; i++) {
            assertThat((double) th[i]).isCloseTo(Math.tanh(x[i]), within(2e-7));
        }
    }
}
