package io.specialist.model;

import io.specialist.model.kernel.MatMul;
import io.specialist.model.kernel.MatMul.Init;
import io.specialist.model.kernel.Parallel;
import io.specialist.model.kernel.VectorMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The layers of the transformer as forward/backward pairs with matching names, in the style of
 * llm.c's train_gpt2.c. Arguments come in one order: outputs, inputs, parameters, sizes. Backward
 * functions accumulate ({@code +=}) into their gradient outputs, so callers zero what must start
 * at zero. Parameters and their gradients live in flat arrays and are addressed by offset; all
 * tensors are row-major.
 *
 * <p>Work is split across threads only along dimensions whose outputs are disjoint; sums over a
 * shared output (weight gradients, position gradients) run in a fixed order.
 */
final class Layers {

    static final float LAYER_NORM_EPS = 1e-5f;
    private static final double GELU_SCALE = Math.sqrt(2.0 / Math.PI);
    private static final double GELU_CUBE = 0.044715;
    // Attention works on blocks of query rows so causal products skip the zero upper triangle.
    private static final int BLOCK = MatMul.ROWS;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int W = S.length();

    private Layers() {
    }

    // ---------------------------------------------------------------- embeddings

    /** out (B,T,C) = wte[token] + wpe[t]. */
    static void encoderForward(float[] out, int[] tokens, float[] params, int wteOff, int wpeOff,
                               int batch, int seqLen, int channels) {
        for (int bt = 0; bt < batch * seqLen; bt++) {
            int t = bt % seqLen;
            int o = bt * channels;
            int e = wteOff + tokens[bt] * channels;
            int p = wpeOff + t * channels;
            for (int i = 0; i < channels; i++) {
                out[o + i] = params[e + i] + params[p + i];
            }
        }
    }

    /** dwte[token] += dout, dwpe[t] += dout; in (b, t) order so repeated tokens sum the same way each run. */
    static void encoderBackward(float[] grads, int wteOff, int wpeOff, float[] dout, int[] tokens,
                                int batch, int seqLen, int channels) {
        for (int bt = 0; bt < batch * seqLen; bt++) {
            int t = bt % seqLen;
            int o = bt * channels;
            int e = wteOff + tokens[bt] * channels;
            int p = wpeOff + t * channels;
            for (int i = 0; i < channels; i++) {
                grads[e + i] += dout[o + i];
                grads[p + i] += dout[o + i];
            }
        }
    }

    // ---------------------------------------------------------------- layer norm

    /**
     * out (N,C) = (inp - mean) * rstd * w + b, per row; saves mean (N) and rstd (N) for backward.
     * Row sums are taken lane-wise and the lanes added left to right: a fixed order, whatever the
     * thread count.
     */
    static void layerNormForward(float[] out, float[] mean, float[] rstd, float[] inp,
                                 float[] params, int wOff, int bOff, int rows, int channels) {
        Parallel.range(rows, 64, (r0, r1) -> {
            float[] lanes = LANES.get();
            for (int r = r0; r < r1; r++) {
                int x = r * channels;
                FloatVector acc = FloatVector.zero(S);
                int i = 0;
                for (; i + W <= channels; i += W) {
                    acc = acc.add(FloatVector.fromArray(S, inp, x + i));
                }
                float m = sumLanes(acc, lanes);
                for (; i < channels; i++) {
                    m += inp[x + i];
                }
                m /= channels;
                acc = FloatVector.zero(S);
                for (i = 0; i + W <= channels; i += W) {
                    FloatVector d = FloatVector.fromArray(S, inp, x + i).sub(m);
                    acc = acc.add(d.mul(d));
                }
                float v = sumLanes(acc, lanes);
                for (; i < channels; i++) {
                    float d = inp[x + i] - m;
                    v += d * d;
                }
                v /= channels;
                float s = (float) (1.0 / Math.sqrt(v + LAYER_NORM_EPS));
                for (i = 0; i + W <= channels; i += W) {
                    FloatVector.fromArray(S, inp, x + i).sub(m).mul(s).mul(FloatVector.fromArray(S, params, wOff + i))
                            .add(FloatVector.fromArray(S, params, bOff + i)).intoArray(out, x + i);
                }
                for (; i < channels; i++) {
                    out[x + i] = (inp[x + i] - m) * s * params[wOff + i] + params[bOff + i];
                }
                mean[r] = m;
                rstd[r] = s;
            }
        });
    }

    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[W]);

    /** Sum of the lanes of v, left to right ({@code lanes} is scratch of W floats). */
    private static float sumLanes(FloatVector v, float[] lanes) {
        v.intoArray(lanes, 0);
        float sum = 0f;
        for (float lane : lanes) {
            sum += lane;
        }
        return sum;
    }

    static void layerNormBackward(float[] dinp, float[] grads, int dwOff, int dbOff, float[] dout,
                                  float[] inp, float[] params, int wOff, float[] mean, float[] rstd,
                                  int rows, int channels) {
        Parallel.range(rows, 64, (r0, r1) -> {
            float[] lanes = LANES.get();
            for (int r = r0; r < r1; r++) {
                int x = r * channels;
                float m = mean[r];
                float s = rstd[r];
                FloatVector accMean = FloatVector.zero(S);
                FloatVector accNormMean = FloatVector.zero(S);
                int i = 0;
                for (; i + W <= channels; i += W) {
                    FloatVector norm = FloatVector.fromArray(S, inp, x + i).sub(m).mul(s);
                    FloatVector dnorm = FloatVector.fromArray(S, params, wOff + i).mul(FloatVector.fromArray(S, dout, x + i));
                    accMean = accMean.add(dnorm);
                    accNormMean = accNormMean.add(dnorm.mul(norm));
                }
                float dnormMean = sumLanes(accMean, lanes);
                float dnormNormMean = sumLanes(accNormMean, lanes);
                for (; i < channels; i++) {
                    float norm = (inp[x + i] - m) * s;
                    float dnorm = params[wOff + i] * dout[x + i];
                    dnormMean += dnorm;
                    dnormNormMean += dnorm * norm;
                }
                dnormMean /= channels;
                dnormNormMean /= channels;
                for (i = 0; i + W <= channels; i += W) {
                    FloatVector norm = FloatVector.fromArray(S, inp, x + i).sub(m).mul(s);
                    FloatVector dnorm = FloatVector.fromArray(S, params, wOff + i).mul(FloatVector.fromArray(S, dout, x + i));
                    FloatVector.fromArray(S, dinp, x + i)
                            .add(dnorm.sub(dnormMean).sub(norm.mul(dnormNormMean)).mul(s)).intoArray(dinp, x + i);
                }
                for (; i < channels; i++) {
                    float norm = (inp[x + i] - m) * s;
                    float dnorm = params[wOff + i] * dout[x + i];
                    dinp[x + i] += (dnorm - dnormMean - norm * dnormNormMean) * s;
                }
            }
        });
        if (grads == null) {
            return; // frozen parameters (adapter training): only the input gradient is needed
        }
        // Weight and bias gradients sum over rows in row order, one column (lane) each: columns are
        // split across threads, the order of every sum is fixed.
        Parallel.range(channels, 4 * W, W, (i0, i1) -> {
            int i = i0;
            for (; i + W <= i1; i += W) {
                FloatVector dw = FloatVector.fromArray(S, grads, dwOff + i);
                FloatVector db = FloatVector.fromArray(S, grads, dbOff + i);
                for (int r = 0, x = i; r < rows; r++, x += channels) {
                    FloatVector d = FloatVector.fromArray(S, dout, x);
                    FloatVector norm = FloatVector.fromArray(S, inp, x).sub(mean[r]).mul(rstd[r]);
                    dw = dw.add(norm.mul(d));
                    db = db.add(d);
                }
                dw.intoArray(grads, dwOff + i);
                db.intoArray(grads, dbOff + i);
            }
            for (; i < i1; i++) {
                for (int r = 0; r < rows; r++) {
                    int x = r * channels + i;
                    float norm = (inp[x] - mean[r]) * rstd[r];
                    grads[dwOff + i] += norm * dout[x];
                    grads[dbOff + i] += dout[x];
                }
            }
        });
    }

    // ---------------------------------------------------------------- linear layers

    /**
     * out (N,OC) = inp (N,C) · Wᵀ + b with W stored (OC,C). {@code bOff < 0} means no bias. The
     * kernel packs Wᵀ panel by panel straight from W, so no transposed copy is made.
     */
    static void matmulForward(float[] out, float[] inp, float[] params, int wOff, int bOff,
                              int rows, int channels, int outChannels) {
        MatMul.gemm(rows, outChannels, channels,
                inp, 0, channels, 1,
                params, wOff, 1, channels,
                out, 0, outChannels,
                bOff < 0 ? Init.ZERO : Init.BIAS, params, Math.max(bOff, 0));
    }

    /**
     * dinp (N,C) += dout · W; dW (OC,C) += doutᵀ · inp; db (OC) += Σ_rows dout. {@code dbOff < 0}: no
     * bias. {@code grads == null}: W and b are frozen, only dinp is computed.
     */
    static void matmulBackward(float[] dinp, float[] grads, int dwOff, int dbOff, float[] dout,
                               float[] inp, float[] params, int wOff,
                               int rows, int channels, int outChannels) {
        MatMul.gemm(rows, channels, outChannels,
                dout, 0, outChannels, 1,
                params, wOff, channels,
                dinp, 0, channels,
                Init.ACCUMULATE, null, 0);
        if (grads == null) {
            return;
        }
        MatMul.gemm(outChannels, channels, rows,
                dout, 0, 1, outChannels,
                inp, 0, channels,
                grads, dwOff, channels,
                Init.ACCUMULATE, null, 0);
        if (dbOff >= 0) {
            columnSums(grads, dbOff, dout, rows, outChannels);
        }
    }

    // ---------------------------------------------------------------- attention

    /**
     * Causal multi-head self-attention. qkv (B,T,3C) holds q in columns [0,C), k in [C,2C), v in
     * [2C,3C); head h uses columns h*HS..(h+1)*HS of each. att (B,NH,T,T) receives the softmax
     * weights (zero above the diagonal) for backward; out (B,T,C) the concatenated head outputs.
     */
    static void attentionForward(float[] out, float[] att, float[] qkv,
                                 int batch, int seqLen, int channels, int heads) {
        int hs = channels / heads;
        int c3 = 3 * channels;
        float scale = (float) (1.0 / Math.sqrt(hs));
        Parallel.range(batch * heads, 1, (p0, p1) -> {
            float[] keyT = scratch(hs * seqLen); // (HS, T)
            for (int p = p0; p < p1; p++) {
                int b = p / heads;
                int h = p % heads;
                int base = b * seqLen * c3;
                int qOff = base + h * hs;
                int kOff = base + channels + h * hs;
                int vOff = base + 2 * channels + h * hs;
                int attOff = p * seqLen * seqLen;
                for (int t2 = 0; t2 < seqLen; t2++) {
                    for (int i = 0; i < hs; i++) {
                        keyT[i * seqLen + t2] = qkv[kOff + t2 * c3 + i];
                    }
                }
                // Scores q·k for t2 <= t only: the row block [m, m1) needs columns [0, m1).
                for (int m = 0; m < seqLen; m += BLOCK) {
                    int m1 = Math.min(seqLen, m + BLOCK);
                    MatMul.gemmRows(m, m1, causalColumns(m1, seqLen), hs,
                            qkv, qOff, c3, 1,
                            keyT, 0, seqLen,
                            att, attOff, seqLen,
                            Init.ZERO, null, 0);
                }
                for (int t = 0; t < seqLen; t++) {
                    softmaxCausalRow(att, attOff + t * seqLen, t, seqLen, scale);
                }
                int outOff = b * seqLen * channels + h * hs;
                for (int m = 0; m < seqLen; m += BLOCK) {
                    int m1 = Math.min(seqLen, m + BLOCK);
                    MatMul.gemmRows(m, m1, hs, m1,
                            att, attOff, seqLen, 1,
                            qkv, vOff, c3,
                            out, outOff, channels,
                            Init.ZERO, null, 0);
                }
            }
        });
    }

    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    /** This thread's attention scratch (no garbage per step); contents are not kept between calls. */
    private static float[] scratch(int size) {
        float[] buf = SCRATCH.get();
        if (buf.length < size) {
            buf = new float[size];
            SCRATCH.set(buf);
        }
        return buf;
    }

    /**
     * Columns of a causal score block whose last row is m1 - 1: m1, rounded up to whole vectors (the
     * extra scores above the diagonal are overwritten with zeros by the softmax and its backward)
     * so the kernel never falls back to scalar tails.
     */
    private static int causalColumns(int m1, int seqLen) {
        return Math.min(seqLen, (m1 + W - 1) / W * W);
    }

    /** row[0..t] = softmax(row[0..t] * scale); row[t+1..T) = 0. */
    private static void softmaxCausalRow(float[] row, int off, int t, int seqLen, float scale) {
        for (int t2 = 0; t2 <= t; t2++) {
            row[off + t2] *= scale;
        }
        float max = VectorMath.max(row, off, t + 1);
        float inv = 1f / VectorMath.expShifted(row, off, row, off, t + 1, max);
        for (int t2 = 0; t2 <= t; t2++) {
            row[off + t2] *= inv;
        }
        for (int t2 = t + 1; t2 < seqLen; t2++) {
            row[off + t2] = 0f;
        }
    }

    /** dqkv (B,T,3C) += gradient of attentionForward given dout (B,T,C). */
    static void attentionBackward(float[] dqkv, float[] dout, float[] qkv, float[] att,
                                  int batch, int seqLen, int channels, int heads) {
        int hs = channels / heads;
        int c3 = 3 * channels;
        float scale = (float) (1.0 / Math.sqrt(hs));
        Parallel.range(batch * heads, 1, (p0, p1) -> {
            float[] buffer = scratch(hs * seqLen + seqLen * seqLen);
            float[] valueT = buffer;   // (HS, T) at 0
            float[] datt = buffer;     // (T, T) at dattOff, becomes d(pre-softmax scores)
            int dattOff = hs * seqLen;
            for (int p = p0; p < p1; p++) {
                int b = p / heads;
                int h = p % heads;
                int base = b * seqLen * c3;
                int qOff = base + h * hs;
                int kOff = base + channels + h * hs;
                int vOff = base + 2 * channels + h * hs;
                int doutOff = b * seqLen * channels + h * hs;
                int attOff = p * seqLen * seqLen;
                for (int t2 = 0; t2 < seqLen; t2++) {
                    for (int i = 0; i < hs; i++) {
                        valueT[i * seqLen + t2] = qkv[vOff + t2 * c3 + i];
                    }
                }
                // datt (T,T) = dout_h (T,HS) · vᵀ, causal part only.
                for (int m = 0; m < seqLen; m += BLOCK) {
                    int m1 = Math.min(seqLen, m + BLOCK);
                    MatMul.gemmRows(m, m1, causalColumns(m1, seqLen), hs,
                            dout, doutOff, channels, 1,
                            valueT, 0, seqLen,
                            datt, dattOff, seqLen,
                            Init.ZERO, null, 0);
                }
                // dv (T,HS) += attᵀ · dout_h; row t2 only sees t >= t2 (att is zero above the diagonal).
                for (int m = 0; m < seqLen; m += BLOCK) {
                    int m1 = Math.min(seqLen, m + BLOCK);
                    MatMul.gemmRows(m, m1, hs, seqLen - m,
                            att, attOff + m * seqLen, 1, seqLen,
                            dout, doutOff + m * channels, channels,
                            dqkv, vOff, c3,
                            Init.ACCUMULATE, null, 0);
                }
                // Softmax backward: dpre[t2] = att[t2] * (datt[t2] - Σ att·datt) * scale.
                for (int t = 0; t < seqLen; t++) {
                    int a = attOff + t * seqLen;
                    int d = dattOff + t * seqLen;
                    float dot = 0f;
                    for (int t2 = 0; t2 <= t; t2++) {
                        dot += att[a + t2] * datt[d + t2];
                    }
                    for (int t2 = 0; t2 <= t; t2++) {
                        datt[d + t2] = att[a + t2] * (datt[d + t2] - dot) * scale;
                    }
                    for (int t2 = t + 1; t2 < seqLen; t2++) {
                        datt[d + t2] = 0f;
                    }
                }
                // dq (T,HS) += dpre · k
                for (int m = 0; m < seqLen; m += BLOCK) {
                    int m1 = Math.min(seqLen, m + BLOCK);
                    MatMul.gemmRows(m, m1, hs, m1,
                            datt, dattOff, seqLen, 1,
                            qkv, kOff, c3,
                            dqkv, qOff, c3,
                            Init.ACCUMULATE, null, 0);
                }
                // dk (T,HS) += dpreᵀ · q; row t2 only sees t >= t2.
                for (int m = 0; m < seqLen; m += BLOCK) {
                    int m1 = Math.min(seqLen, m + BLOCK);
                    MatMul.gemmRows(m, m1, hs, seqLen - m,
                            datt, dattOff + m * seqLen, 1, seqLen,
                            qkv, qOff + m * c3, c3,
                            dqkv, kOff, c3,
                            Init.ACCUMULATE, null, 0);
                }
            }
        });
    }

    // ---------------------------------------------------------------- GELU and residual

    /** out = 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))); saves the tanh (N) for backward. */
    static void geluForward(float[] out, float[] tanhOut, float[] inp, int n) {
        Parallel.range(n, 1 << 14, (i0, i1) -> {
            VectorMath.geluTanh(tanhOut, inp, i0, i1, (float) GELU_SCALE, (float) GELU_CUBE);
            int i = i0;
            for (; i + W <= i1; i += W) {
                FloatVector x = FloatVector.fromArray(S, inp, i);
                x.mul(0.5f).mul(FloatVector.fromArray(S, tanhOut, i).add(1f)).intoArray(out, i);
            }
            for (; i < i1; i++) {
                out[i] = 0.5f * inp[i] * (1f + tanhOut[i]);
            }
        });
    }

    static void geluBackward(float[] dinp, float[] inp, float[] tanhSaved, float[] dout, int n) {
        float scale = (float) GELU_SCALE;
        float cube3 = (float) (3 * GELU_CUBE);
        Parallel.range(n, 1 << 14, (i0, i1) -> {
            int i = i0;
            // The same operations in the same order as the scalar tail, lane by lane.
            for (; i + W <= i1; i += W) {
                FloatVector x = FloatVector.fromArray(S, inp, i);
                FloatVector th = FloatVector.fromArray(S, tanhSaved, i);
                FloatVector sech2 = FloatVector.broadcast(S, 1f).sub(th.mul(th));
                FloatVector inner = FloatVector.broadcast(S, 1f).add(x.mul(cube3).mul(x));
                FloatVector grad = th.add(1f).mul(0.5f).add(x.mul(0.5f).mul(sech2).mul(scale).mul(inner));
                FloatVector.fromArray(S, dinp, i).add(grad.mul(FloatVector.fromArray(S, dout, i))).intoArray(dinp, i);
            }
            for (; i < i1; i++) {
                float x = inp[i];
                float th = tanhSaved[i];
                float sech2 = 1f - th * th;
                float grad = 0.5f * (1f + th) + 0.5f * x * sech2 * scale * (1f + cube3 * x * x);
                dinp[i] += grad * dout[i];
            }
        });
    }

    /** out = a + b. */
    static void residualForward(float[] out, float[] a, float[] b, int n) {
        Parallel.range(n, 1 << 15, W, (i0, i1) -> {
            int i = i0;
            for (; i + W <= i1; i += W) {
                FloatVector.fromArray(S, a, i).add(FloatVector.fromArray(S, b, i)).intoArray(out, i);
            }
            for (; i < i1; i++) {
                out[i] = a[i] + b[i];
            }
        });
    }

    /**
     * sums[off + j] += Σ_r x[r * cols + j], each column summed over rows in row order (so the result
     * is the same as a scalar loop), columns split across threads in whole vectors.
     */
    static void columnSums(float[] sums, int off, float[] x, int rows, int cols) {
        Parallel.range(cols, Math.max(W, (1 << 15) / Math.max(1, rows)), W, (j0, j1) -> {
            int j = j0;
            for (; j + W <= j1; j += W) {
                FloatVector acc = FloatVector.fromArray(S, sums, off + j);
                for (int r = 0, xi = j; r < rows; r++, xi += cols) {
                    acc = acc.add(FloatVector.fromArray(S, x, xi));
                }
                acc.intoArray(sums, off + j);
            }
            for (; j < j1; j++) {
                float acc = sums[off + j];
                for (int r = 0; r < rows; r++) {
                    acc += x[r * cols + j];
                }
                sums[off + j] = acc;
            }
        });
    }

    // ---------------------------------------------------------------- output

    /** probs (N,V) = softmax(logits) per row. */
    static void softmaxForward(float[] probs, float[] logits, int rows, int vocab) {
        Parallel.range(rows, 16, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * vocab;
                float max = VectorMath.max(logits, o, vocab);
                float inv = 1f / VectorMath.expShifted(probs, o, logits, o, vocab, max);
                for (int v = 0; v < vocab; v++) {
                    probs[o + v] *= inv;
                }
            }
        });
    }

    /** losses (N) = -ln probs[target]; returns their mean, summed in row order. */
    static float crossEntropyForward(float[] losses, float[] probs, int[] targets, int rows, int vocab) {
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            // Clamp so a probability that underflowed to zero gives a large finite loss, not infinity.
            losses[r] = (float) -Math.log(Math.max(probs[r * vocab + targets[r]], Float.MIN_NORMAL));
            sum += losses[r];
        }
        return (float) (sum / rows);
    }

    /**
     * The weighted mean of losses (N) = -ln probs[target] with per-row weights (0: the row is not
     * trained, e.g. a prompt token): sum(w·loss) / sum(w), summed in row order; 0 when no row has weight.
     * Writes each row's share of d(mean)/d(loss), w / sum(w), into {@code dloss} for the backward pass.
     */
    static float maskedCrossEntropyForward(float[] losses, float[] dloss, float[] probs, int[] targets,
                                           float[] weights, int rows, int vocab) {
        double sum = 0;
        double weight = 0;
        for (int r = 0; r < rows; r++) {
            losses[r] = (float) -Math.log(Math.max(probs[r * vocab + targets[r]], Float.MIN_NORMAL));
            if (weights[r] != 0f) {
                sum += (double) weights[r] * losses[r];
                weight += weights[r];
            }
        }
        for (int r = 0; r < rows; r++) {
            dloss[r] = weight == 0 ? 0f : (float) (weights[r] / weight);
        }
        return weight == 0 ? 0f : (float) (sum / weight);
    }

    /**
     * dlogits (N,V) = (probs - onehot(target)) · dloss[row]: the per-row weighted form, for losses that
     * count only some positions (a response after its prompt) or weight them (DPO); a row with dloss 0 gets
     * exactly zero; may be the probs array.
     */
    static void crossEntropySoftmaxBackward(float[] dlogits, float[] probs, int[] targets,
                                            float[] dloss, int rows, int vocab) {
        Parallel.range(rows, 16, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * vocab;
                float d = dloss[r];
                if (d == 0f) {
                    java.util.Arrays.fill(dlogits, o, o + vocab, 0f);
                    continue;
                }
                for (int v = 0; v < vocab; v++) {
                    dlogits[o + v] = probs[o + v] * d;
                }
                dlogits[o + targets[r]] -= d;
            }
        });
    }

    /** dlogits (N,V) = (probs - onehot(target)) · dloss; may be the probs array itself. */
    static void crossEntropySoftmaxBackward(float[] dlogits, float[] probs, int[] targets,
                                            float dloss, int rows, int vocab) {
        Parallel.range(rows, 16, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * vocab;
                for (int v = 0; v < vocab; v++) {
                    dlogits[o + v] = probs[o + v] * dloss;
                }
                dlogits[o + targets[r]] -= dloss;
            }
        });
    }
}
