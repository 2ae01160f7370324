package io.specialist.model.onnx;

import io.specialist.model.ModelConfig;
import io.specialist.model.ParameterLayout;

/**
 * Straight-line double-precision forward pass written from the network's definition, independent of
 * both the exporter and the Java model: a third opinion when the two disagree.
 */
final class NaiveForward {

    private NaiveForward() {
    }

    /** Logits (B, T, V) for tokens (B, T) at positions 0..T-1. */
    static float[] logits(ModelConfig c, float[] w, int[] tokens, int batch, int seqLen) {
        ParameterLayout p = c.layout();
        int ch = c.dModel(), v = c.vocabSize(), nh = c.heads(), hs = c.headSize();
        float[] out = new float[batch * seqLen * v];
        for (int b = 0; b < batch; b++) {
            double[][] x = new double[seqLen][ch];
            for (int t = 0; t < seqLen; t++) {
                int id = tokens[b * seqLen + t];
                for (int i = 0; i < ch; i++) {
                    x[t][i] = w[p.wte.offset() + id * ch + i] + w[p.wpe.offset() + t * ch + i];
                }
            }
            for (int l = 0; l < c.layers(); l++) {
                double[][] a = layerNorm(x, w, ParameterLayout.layerOffset(p.ln1w, l), ParameterLayout.layerOffset(p.ln1b, l));
                double[][] qkv = linear(a, w, ParameterLayout.layerOffset(p.qkvw, l), ParameterLayout.layerOffset(p.qkvb, l), 3 * ch, ch);
                double[][] y = new double[seqLen][ch];
                for (int h = 0; h < nh; h++) {
                    for (int t = 0; t < seqLen; t++) {
                        double[] s = new double[t + 1];
                        double max = Double.NEGATIVE_INFINITY;
                        for (int u = 0; u <= t; u++) {
                            double dot = 0;
                            for (int i = 0; i < hs; i++) {
                                dot += qkv[t][h * hs + i] * qkv[u][ch + h * hs + i];
                            }
                            s[u] = dot / Math.sqrt(hs);
                            max = Math.max(max, s[u]);
                        }
                        double sum = 0;
                        for (int u = 0; u <= t; u++) {
                            s[u] = Math.exp(s[u] - max);
                            sum += s[u];
                        }
                        for (int u = 0; u <= t; u++) {
                            for (int i = 0; i < hs; i++) {
                                y[t][h * hs + i] += s[u] / sum * qkv[u][2 * ch + h * hs + i];
                            }
                        }
                    }
                }
                add(x, linear(y, w, ParameterLayout.layerOffset(p.attprojw, l), ParameterLayout.layerOffset(p.attprojb, l), ch, ch));
                double[][] m = layerNorm(x, w, ParameterLayout.layerOffset(p.ln2w, l), ParameterLayout.layerOffset(p.ln2b, l));
                double[][] f = linear(m, w, ParameterLayout.layerOffset(p.fcw, l), ParameterLayout.layerOffset(p.fcb, l), 4 * ch, ch);
                for (double[] row : f) {
                    for (int i = 0; i < row.length; i++) {
                        double z = row[i];
                        row[i] = 0.5 * z * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (z + 0.044715 * z * z * z)));
                    }
                }
                add(x, linear(f, w, ParameterLayout.layerOffset(p.fcprojw, l), ParameterLayout.layerOffset(p.fcprojb, l), ch, 4 * ch));
            }
            double[][] xf = layerNorm(x, w, p.lnfw.offset(), p.lnfb.offset());
            for (int t = 0; t < seqLen; t++) {
                for (int o = 0; o < v; o++) {
                    double s = 0;
                    for (int i = 0; i < ch; i++) {
                        s += xf[t][i] * w[p.wte.offset() + o * ch + i];
                    }
                    out[(b * seqLen + t) * v + o] = (float) s;
                }
            }
        }
        return out;
    }

    private static double[][] layerNorm(double[][] x, float[] w, int wOff, int bOff) {
        double[][] out = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            int n = x[t].length;
            double mean = 0, var = 0;
            for (double d : x[t]) {
                mean += d;
            }
            mean /= n;
            for (double d : x[t]) {
                var += (d - mean) * (d - mean);
            }
            var /= n;
            double rstd = 1 / Math.sqrt(var + 1e-5);
            out[t] = new double[n];
            for (int i = 0; i < n; i++) {
                out[t][i] = (x[t][i] - mean) * rstd * w[wOff + i] + w[bOff + i];
            }
        }
        return out;
    }

    private static double[][] linear(double[][] x, float[] w, int wOff, int bOff, int out, int in) {
        double[][] y = new double[x.length][out];
        for (int t = 0; t < x.length; t++) {
            for (int o = 0; o < out; o++) {
                double s = w[bOff + o];
                for (int i = 0; i < in; i++) {
                    s += w[wOff + o * in + i] * x[t][i];
                }
                y[t][o] = s;
            }
        }
        return y;
    }

    private static void add(double[][] x, double[][] d) {
        for (int t = 0; t < x.length; t++) {
            for (int i = 0; i < x[t].length; i++) {
                x[t][i] += d[t][i];
            }
        }
    }
}
