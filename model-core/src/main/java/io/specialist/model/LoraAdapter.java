package io.specialist.model;

import io.specialist.model.kernel.MatMul;
import io.specialist.model.kernel.MatMul.Init;

import java.util.SplittableRandom;

/**
 * Low-rank adapters for a frozen base model: for every adapted matrix W (out, in) the layer computes
 * {@code y = x·Wᵀ + b + s·(x·Aᵀ)·Bᵀ} with s = alpha/r, A (r, in) and B (out, r). The trainable
 * parameters are only the A and B matrices, one flat {@code float[]} laid out by {@link LoraLayout}.
 *
 * <p>B starts at zero, so a fresh adapter leaves the base model's function unchanged and training
 * starts exactly from the base (A is random so that B receives a gradient on the first step).
 *
 * <p>The forward and backward functions of one slot mirror {@code Layers.matmulForward} /
 * {@code matmulBackward}; the low-rank activation {@code u = s·x·Aᵀ} (N, r) is recomputed in backward
 * rather than saved, which costs N·r·in multiply-adds, small next to the base matmul's N·out·in.
 */
public final class LoraAdapter {

    private final ModelConfig model;
    private final LoraConfig config;
    private final LoraLayout layout;
    private final float[] params;

    /** Wraps existing adapter parameters (not copied). */
    public LoraAdapter(ModelConfig model, LoraConfig config, float[] params) {
        this.model = model;
        this.config = config;
        this.layout = new LoraLayout(model, config);
        if (params.length != layout.size()) {
            throw new IllegalArgumentException("adapter " + config + " on " + model + " needs " + layout.size()
                    + " parameters, got " + params.length);
        }
        this.params = params;
    }

    /** A ~ U(-1/√in, 1/√in) (PyTorch's LoRA init), B = 0: the adapted model equals the base. */
    public static LoraAdapter initialize(ModelConfig model, LoraConfig config, long seed) {
        LoraLayout l = new LoraLayout(model, config);
        float[] p = new float[l.size()];
        SplittableRandom random = new SplittableRandom(seed);
        for (LoraLayout.Slot s : l.slots()) {
            double bound = 1.0 / Math.sqrt(s.in());
            for (int i = s.aOffset(); i < s.aOffset() + config.rank() * s.in(); i++) {
                p[i] = (float) ((2 * random.nextDouble() - 1) * bound);
            }
        }
        return new LoraAdapter(model, config, p);
    }

    public ModelConfig modelConfig() {
        return model;
    }

    public LoraConfig config() {
        return config;
    }

    public LoraLayout layout() {
        return layout;
    }

    /** The live parameter array (not a copy): the optimiser updates it in place. */
    public float[] params() {
        return params;
    }

    public LoraAdapter copy() {
        return new LoraAdapter(model, config, params.clone());
    }

    // ---------------------------------------------------------------- forward / backward

    /**
     * out (N, out) += s·(inp (N, in) · Aᵀ) · Bᵀ for the slot of {@code target} in {@code layer}; no-op
     * if that matrix carries no adapter. {@code acts} lends scratch space.
     */
    void forward(LoraTarget target, int layer, float[] out, float[] inp, int rows, Activations acts) {
        LoraLayout.Slot s = layout.slot(target, layer);
        if (s == null) {
            return;
        }
        int r = config.rank();
        float[] u = acts.adapterScratch(2 * rows * r);
        lowRankInput(u, inp, s, rows);
        // out += u · Bᵀ with B (out, r), read as its transpose by strides.
        MatMul.gemm(rows, s.out(), r,
                u, 0, r, 1,
                params, s.bOffset(), 1, r,
                out, 0, s.out(),
                Init.ACCUMULATE, null, 0);
    }

    /**
     * Given dout (N, out), the gradient of the slot's output: dinp (N, in) += s·(dout·B)·A,
     * dB (out, r) += doutᵀ·u and dA (r, in) += s·(dout·B)ᵀ·inp, into {@code grads} laid out like
     * {@link #params()}.
     */
    void backward(LoraTarget target, int layer, float[] dinp, float[] grads, float[] dout, float[] inp,
                  int rows, Activations acts) {
        LoraLayout.Slot s = layout.slot(target, layer);
        if (s == null) {
            return;
        }
        int r = config.rank();
        float[] scratch = acts.adapterScratch(2 * rows * r);
        float[] u = scratch;           // (N, r) at 0
        int duOff = rows * r;          // (N, r) at rows*r
        lowRankInput(u, inp, s, rows);
        // du = dout · B (N, r); dB += doutᵀ · u (out, r).
        MatMul.gemm(rows, r, s.out(),
                dout, 0, s.out(), 1,
                params, s.bOffset(), r,
                scratch, duOff, r,
                Init.ZERO, null, 0);
        MatMul.gemm(s.out(), r, rows,
                dout, 0, 1, s.out(),
                u, 0, r,
                grads, s.bOffset(), r,
                Init.ACCUMULATE, null, 0);
        float scale = config.scale();
        for (int i = duOff; i < duOff + rows * r; i++) {
            scratch[i] *= scale;
        }
        // dA += duᵀ · inp (r, in); dinp += du · A (N, in).
        MatMul.gemm(r, s.in(), rows,
                scratch, duOff, 1, r,
                inp, 0, s.in(),
                grads, s.aOffset(), s.in(),
                Init.ACCUMULATE, null, 0);
        MatMul.gemm(rows, s.in(), r,
                scratch, duOff, r, 1,
                params, s.aOffset(), s.in(),
                dinp, 0, s.in(),
                Init.ACCUMULATE, null, 0);
    }

    /** u (N, r) = s · inp (N, in) · Aᵀ. */
    private void lowRankInput(float[] u, float[] inp, LoraLayout.Slot s, int rows) {
        int r = config.rank();
        Layers.matmulForward(u, inp, params, s.aOffset(), -1, rows, s.in(), r);
        float scale = config.scale();
        for (int i = 0; i < rows * r; i++) {
            u[i] *= scale;
        }
    }

    // ---------------------------------------------------------------- merge

    /**
     * A full model with W + s·B·A in every adapted matrix: the same function as base + adapter, for
     * ONNX export and serving without any adapter-specific code. The base is not modified.
     */
    public TransformerModel mergeInto(TransformerModel base) {
        if (!base.config().equals(model)) {
            throw new IllegalArgumentException("adapter was built for " + model + ", base is " + base.config());
        }
        float[] merged = base.params().clone();
        addDeltaTo(merged);
        return new TransformerModel(model, merged);
    }

    /**
     * weights (laid out as the base model's {@link ParameterLayout}) += s·B·A in every adapted matrix: the
     * merge, and the merged weights a forgetting penalty on the whole model sees.
     */
    public void addDeltaTo(float[] weights) {
        ParameterLayout p = new ParameterLayout(model);
        int r = config.rank();
        float scale = config.scale();
        for (LoraLayout.Slot s : layout.slots()) {
            int w = ParameterLayout.layerOffset(s.target().weight(p), s.layer());
            for (int o = 0; o < s.out(); o++) {
                for (int i = 0; i < s.in(); i++) {
                    double sum = 0;
                    for (int k = 0; k < r; k++) {
                        sum += (double) params[s.bOffset() + o * r + k] * params[s.aOffset() + k * s.in() + i];
                    }
                    weights[w + o * s.in() + i] += (float) (scale * sum);
                }
            }
        }
    }

    /**
     * Chain rule through the merge: given G = ∂f/∂W for the merged weights (base layout), grads += the
     * adapter's ∂f/∂A = s·Bᵀ·G and ∂f/∂B = s·G·Aᵀ for every slot. Entries of G outside adapted matrices
     * do not reach the adapter.
     */
    public void backwardDelta(float[] weightGrads, float[] grads) {
        ParameterLayout p = new ParameterLayout(model);
        int r = config.rank();
        float scale = config.scale();
        for (LoraLayout.Slot s : layout.slots()) {
            int w = ParameterLayout.layerOffset(s.target().weight(p), s.layer());
            int in = s.in();
            for (int o = 0; o < s.out(); o++) {
                int g = w + o * in;
                for (int k = 0; k < r; k++) {
                    int a = s.aOffset() + k * in;
                    float b = params[s.bOffset() + o * r + k];
                    double db = 0;
                    for (int i = 0; i < in; i++) {
                        float gi = weightGrads[g + i];
                        db += (double) gi * params[a + i];
                        grads[a + i] += scale * b * gi;
                    }
                    grads[s.bOffset() + o * r + k] += (float) (scale * db);
                }
            }
        }
    }
}
