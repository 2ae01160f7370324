package io.specialist.model;

import static io.specialist.model.ParameterLayout.layerOffset;

/**
 * A deliberately naive double-precision transcription of the model's math, written from the
 * definition rather than from {@link Layers}: the oracle for the finite-difference gradient check
 * and for the float forward pass.
 */
final class ReferenceModel {

    private final ModelConfig c;
    private final ParameterLayout p;

    ReferenceModel(ModelConfig config) {
        this.c = config;
        this.p = config.layout();
    }

    /** Logits (B, T, V) in double. */
    double[] logits(double[] w, int[] tokens, int batch, int seqLen) {
        int C = c.dModel(), V = c.vocabSize(), NH = c.heads(), HS = c.headSize();
        double[] out = new double[batch * seqLen * V];
        for (int b = 0; b < batch; b++) {
            double[][] x = new double[seqLen][C];
            for (int t = 0; t < seqLen; t++) {
                int tok = tokens[b * seqLen + t];
                for (int i = 0; i < C; i++) {
                    x[t][i] = w[p.wte.offset() + tok * C + i] + w[p.wpe.offset() + t * C + i];
                }
            }
            for (int l = 0; l < c.layers(); l++) {
                double[][] h = layerNorm(x, w, layerOffset(p.ln1w, l), layerOffset(p.ln1b, l));
                double[][] qkv = linear(h, w, layerOffset(p.qkvw, l), layerOffset(p.qkvb, l), 3 * C);
                double[][] y = new double[seqLen][C];
                for (int hd = 0; hd < NH; hd++) {
                    for (int t = 0; t < seqLen; t++) {
                        double[] s = new double[t + 1];
                        double max = Double.NEGATIVE_INFINITY;
                        for (int t2 = 0; t2 <= t; t2++) {
                            double dot = 0;
                            for (int i = 0; i < HS; i++) {
                                dot += qkv[t][hd * HS + i] * qkv[t2][C + hd * HS + i];
                            }
                            s[t2] = dot / Math.sqrt(HS);
                            max = Math.max(max, s[t2]);
                        }
                        double sum = 0;
                        for (int t2 = 0; t2 <= t; t2++) {
                            s[t2] = Math.exp(s[t2] - max);
                            sum += s[t2];
                        }
                        for (int t2 = 0; t2 <= t; t2++) {
                            for (int i = 0; i < HS; i++) {
                                y[t][hd * HS + i] += s[t2] / sum * qkv[t2][2 * C + hd * HS + i];
                            }
                        }
                    }
                }
                add(x, linear(y, w, layerOffset(p.attprojw, l), layerOffset(p.attprojb, l), C));
                double[][] h2 = layerNorm(x, w, layerOffset(p.ln2w, l), layerOffset(p.ln2b, l));
                double[][] f = linear(h2, w, layerOffset(p.fcw, l), layerOffset(p.fcb, l), 4 * C);
                for (double[] row : f) {
                    for (int i = 0; i < row.length; i++) {
                        double v = row[i];
                        row[i] = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
                    }
                }
                add(x, linear(f, w, layerOffset(p.fcprojw, l), layerOffset(p.fcprojb, l), C));
            }
            double[][] hf = layerNorm(x, w, p.lnfw.offset(), p.lnfb.offset());
            double[][] lg = linear(hf, w, p.wte.offset(), -1, V);
            for (int t = 0; t < seqLen; t++) {
                System.arraycopy(lg[t], 0, out, (b * seqLen + t) * V, V);
            }
        }
        return out;
    }

    /** Mean cross-entropy in nats. */
    double loss(double[] w, int[] inputs, int[] targets, int batch, int seqLen) {
        int V = c.vocabSize();
        double[] lg = logits(w, inputs, batch, seqLen);
        double total = 0;
        for (int r = 0; r < batch * seqLen; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int v = 0; v < V; v++) {
                max = Math.max(max, lg[r * V + v]);
            }
            double sum = 0;
            for (int v = 0; v < V; v++) {
                sum += Math.exp(lg[r * V + v] - max);
            }
            total += -(lg[r * V + targets[r]] - max - Math.log(sum));
        }
        return total / (batch * seqLen);
    }

    private double[][] layerNorm(double[][] x, double[] w, int wOff, int bOff) {
        double[][] out = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            int n = x[t].length;
            double mean = 0;
            for (double v : x[t]) {
                mean += v;
            }
            mean /= n;
            double var = 0;
            for (double v : x[t]) {
                var += (v - mean) * (v - mean);
            }
            var /= n;
            out[t] = new double[n];
            for (int i = 0; i < n; i++) {
                out[t][i] = (x[t][i] - mean) / Math.sqrt(var + 1e-5) * w[wOff + i] + w[bOff + i];
            }
        }
        return out;
    }

    private static double[][] linear(double[][] x, double[] w, int wOff, int bOff, int outs) {
        double[][] out = new double[x.length][outs];
        int in = x[0].length;
        for (int t = 0; t < x.length; t++) {
            for (int o = 0; o < outs; o++) {
                double s = bOff < 0 ? 0 : w[bOff + o];
                for (int i = 0; i < in; i++) {
                    s += w[wOff + o * in + i] * x[t][i];
                }
                out[t][o] = s;
            }
        }
        return out;
    }

    private static void add(double[][] x, double[][] y) {
        for (int t = 0; t < x.length; t++) {
            for (int i = 0; i < x[t].length; i++) {
                x[t][i] += y[t][i];
            }
        }
    }
}
