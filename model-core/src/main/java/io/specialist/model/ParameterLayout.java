package io.specialist.model;

import java.util.List;

/**
 * Where each parameter tensor lives inside the model's single flat {@code float[]}, in the order of
 * llm.c's {@code ParameterTensors}. Parameters, gradients, AdamW moments, L2-SP anchors and the EWC
 * Fisher diagonal all share this layout, so each of them is one loop over a flat array.
 *
 * <p>All matrices are row-major and stored as (out, in): a linear layer computes
 * {@code y[o] = b[o] + sum_i w[o * in + i] * x[i]}. The ONNX exporter reads the same offsets.
 */
public final class ParameterLayout {

    /** One named tensor: its offset into the flat array and its shape (product = size). */
    public record Tensor(String name, int offset, int[] shape) {
        public int size() {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    public final Tensor wte;      // (V, C)      token embeddings, also the tied output head
    public final Tensor wpe;      // (T, C)      learned position embeddings
    public final Tensor ln1w;     // (L, C)      pre-attention LayerNorm scale
    public final Tensor ln1b;     // (L, C)      pre-attention LayerNorm shift
    public final Tensor qkvw;     // (L, 3C, C)  fused query/key/value projection (q rows, then k, then v)
    public final Tensor qkvb;     // (L, 3C)
    public final Tensor attprojw; // (L, C, C)   attention output projection
    public final Tensor attprojb; // (L, C)
    public final Tensor ln2w;     // (L, C)      pre-MLP LayerNorm scale
    public final Tensor ln2b;     // (L, C)
    public final Tensor fcw;      // (L, 4C, C)  MLP up projection
    public final Tensor fcb;      // (L, 4C)
    public final Tensor fcprojw;  // (L, C, 4C)  MLP down projection
    public final Tensor fcprojb;  // (L, C)
    public final Tensor lnfw;     // (C)         final LayerNorm scale
    public final Tensor lnfb;     // (C)
    private final int total;

    ParameterLayout(ModelConfig c) {
        int v = c.vocabSize(), t = c.contextLength(), ch = c.dModel(), l = c.layers();
        Builder b = new Builder();
        wte = b.add("wte", v, ch);
        wpe = b.add("wpe", t, ch);
        ln1w = b.add("ln1w", l, ch);
        ln1b = b.add("ln1b", l, ch);
        qkvw = b.add("qkvw", l, 3 * ch, ch);
        qkvb = b.add("qkvb", l, 3 * ch);
        attprojw = b.add("attprojw", l, ch, ch);
        attprojb = b.add("attprojb", l, ch);
        ln2w = b.add("ln2w", l, ch);
        ln2b = b.add("ln2b", l, ch);
        fcw = b.add("fcw", l, 4 * ch, ch);
        fcb = b.add("fcb", l, 4 * ch);
        fcprojw = b.add("fcprojw", l, ch, 4 * ch);
        fcprojb = b.add("fcprojb", l, ch);
        lnfw = b.add("lnfw", ch);
        lnfb = b.add("lnfb", ch);
        total = b.offset;
    }

    /** Total number of floats in the flat parameter array. */
    public int size() {
        return total;
    }

    public List<Tensor> tensors() {
        return List.of(wte, wpe, ln1w, ln1b, qkvw, qkvb, attprojw, attprojb,
                ln2w, ln2b, fcw, fcb, fcprojw, fcprojb, lnfw, lnfb);
    }

    /** Offset of layer {@code layer}'s slice of a per-layer tensor. */
    public static int layerOffset(Tensor perLayer, int layer) {
        return perLayer.offset() + layer * (perLayer.size() / perLayer.shape()[0]);
    }

    private static final class Builder {
        int offset;

        Tensor add(String name, int... shape) {
            Tensor tensor = new Tensor(name, offset, shape);
            offset += tensor.size();
            return tensor;
        }
    }
}
