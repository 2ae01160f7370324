package io.specialist.model;

import io.specialist.model.kernel.MatMul;
import io.specialist.model.kernel.MatMul.Init;
import io.specialist.model.kernel.Parallel;
import io.specialist.model.kernel.VectorMath;

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

    /** out (N,C) = (inp - mean) * rstd * w + b, per row; saves mean (N) and rstd (N) for backward. */
    static void layerNormForward(float[] out, float[] mean, float[] rstd, float[] inp,
                                 float[] params, int wOff, int bOff, int rows, int channels) {
        Parallel.range(rows, 64, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int x = r * channels;
                float m = 0f;
                for (int i = 0; i < channels; i++) {
                    m += inp[x + i];
                }
                m /= channels;
                float v = 0f;
                for (int i = 0; i < channels; i++) {
                    float d = inp[x + i] - m;
                    v += d * d;
                }
                v /= channels;
                float s = (float) (1.0 / Math.sqrt(v + LAYER_NORM_EPS));
                for (int i = 0; i < channels; i++) {
                    out[x + i] = (inp[x + i] - m) * s * params[wOff + i] + params[bOff + i];
                }
                mean[r] = m;
                rstd[r] = s;
            }
        });
    }

    static void layerNormBackward(float[] dinp, float[] grads, int dwOff, int dbOff, float[] dout,
                                  float[] inp, float[] params, int wOff, float[] mean, float[] rstd,
                                  int rows, int channels) {
        Parallel.range(rows, 64, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int x = r * channels;
                float m = mean[r];
                float s = rstd[r];
                float dnormMean = 0f;
                float dnormNormMean = 0f;
                for (int i = 0; i < channels; i++) {
                    float norm = (inp[x + i] - m) * s;
                    float dnorm = params[wOff + i] * dout[x + i];
                    dnormMean += dnorm;
                    dnormNormMean += dnorm * norm;
                }
                dnormMean /= channels;
                dnormNormMean /= channels;
                for (int i = 0; i < channels; i++) {
                    float norm = (inp[x + i] - m) * s;
                    float dnorm = params[wOff + i] * dout[x + i];
                    dinp[x + i] += (dnorm - dnormMean - norm * dnormNormMean) * s;
                }
            }
        });
        if (grads == null) {
            return; // frozen parameters (adapter training): only the input gradient is needed
        }
        // Weight and bias gradients sum over rows: one thread, fixed order.
        for (int r = 0; r < rows; r++) {
            int x = r * channels;
            float m = mean[r];
            float s = rstd[r];
            for (int i = 0; i < channels; i++) {
                float norm = (inp[x + i] - m) * s;
                grads[dwOff + i] += norm * dout[x + i];
                grads[dbOff + i] += dout[x + i];
            }
        }
    }

    // ---------------------------------------------------------------- linear layers

    /**
     * out (N,OC) = inp (N,C) · Wᵀ + b with W stored (OC,C). {@code bOff < 0} means no bias.
     * {@code scratch} holds at least OC*C floats: W is transposed into it so the kernel streams
     * contiguous rows of Wᵀ.
     */
    static void matmulForward(float[] out, float[] inp, float[] params, int wOff, int bOff,
                              int rows, int channels, int outChannels, float[] scratch) {
        transpose(scratch, params, wOff, outChannels, channels);
        MatMul.gemm(rows, outChannels, channels,
                inp, 0, channels, 1,
                scratch, 0, outChannels,
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
            for (int r = 0; r < rows; r++) {
                int d = r * outChannels;
                for (int o = 0; o < outChannels; o++) {
                    grads[dbOff + o] += dout[d + o];
                }
            }
        }
    }

    /** dst (cols, rows) = src (rows, cols) starting at {@code srcOff}. */
    static void transpose(float[] dst, float[] src, int srcOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int s = srcOff + r * cols;
            for (int c = 0; c < cols; c++) {
                dst[c * rows + r] = src[s + c];
            }
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
            float[] keyT = new float[hs * seqLen]; // (HS, T)
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
                    MatMul.gemmRows(m, m1, m1, hs,
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
            float[] valueT = new float[hs * seqLen];   // (HS, T)
            float[] datt = new float[seqLen * seqLen]; // (T, T), becomes d(pre-softmax scores)
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
                    MatMul.gemmRows(m, m1, m1, hs,
                            dout, doutOff, channels, 1,
                            valueT, 0, seqLen,
                            datt, 0, seqLen,
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
                    int d = t * seqLen;
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
                            datt, 0, seqLen, 1,
                            qkv, kOff, c3,
                            dqkv, qOff, c3,
                            Init.ACCUMULATE, null, 0);
                }
                // dk (T,HS) += dpreᵀ · q; row t2 only sees t >= t2.
                for (int m = 0; m < seqLen; m += BLOCK) {
                    int m1 = Math.min(seqLen, m + BLOCK);
                    MatMul.gemmRows(m, m1, hs, seqLen - m,
                            datt, m * seqLen, 1, seqLen,
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
            for (int i = i0; i < i1; i++) {
                out[i] = 0.5f * inp[i] * (1f + tanhOut[i]);
            }
        });
    }

    static void geluBackward(float[] dinp, float[] inp, float[] tanhSaved, float[] dout, int n) {
        float scale = (float) GELU_SCALE;
        float cube3 = (float) (3 * GELU_CUBE);
        Parallel.range(n, 1 << 14, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
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
        for (int i = 0; i < n; i++) {
            out[i] = a[i] + b[i];
        }
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

    /** dlogits (N,V) = (probs - onehot(target)) · dloss[row]; a row with dloss 0 gets exactly zero. */
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
