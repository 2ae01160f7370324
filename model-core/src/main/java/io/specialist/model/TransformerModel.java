package io.specialist.model;

import java.util.Arrays;
import java.util.SplittableRandom;

import static io.specialist.model.ParameterLayout.layerOffset;

/**
 * A GPT-2 style decoder-only transformer language model in plain Java: token plus learned position
 * embeddings, pre-LayerNorm blocks of causal multi-head self-attention and a GELU MLP, a final
 * LayerNorm and an output head tied to the token embeddings.
 *
 * <pre>
 *   x = wte[tokens] + wpe[positions]
 *   for each block:  x += attproj(causalMultiHeadAttention(LN1(x)))
 *                    x += fcproj(GELU(fc(LN2(x))))
 *   logits = LNf(x) · wteᵀ
 * </pre>
 *
 * <p>All parameters are one flat {@code float[]} laid out by {@link ParameterLayout}; gradients use
 * the same layout. The forward pass saves what backward needs in an {@link Activations}. The ONNX
 * exporter builds the same graph from the same offsets.
 */
public final class TransformerModel {

    private static final float INIT_STD = 0.02f;

    private final ModelConfig config;
    private final ParameterLayout layout;
    private final float[] params;

    /** Wraps existing parameters (not copied) laid out by {@code config.layout()}. */
    public TransformerModel(ModelConfig config, float[] params) {
        this.config = config;
        this.layout = config.layout();
        if (params.length != layout.size()) {
            throw new IllegalArgumentException("config " + config + " needs " + layout.size()
                    + " parameters, got " + params.length);
        }
        this.params = params;
    }

    /**
     * GPT-2 initialisation: weights and embeddings ~ N(0, 0.02), the two projections that write into
     * the residual stream (attprojw, fcprojw) scaled by 1/sqrt(2L), biases 0, LayerNorm scales 1.
     */
    public static TransformerModel initialize(ModelConfig config, long seed) {
        ParameterLayout l = config.layout();
        float[] p = new float[l.size()];
        Gaussian g = new Gaussian(seed);
        float residualStd = (float) (INIT_STD / Math.sqrt(2.0 * config.layers()));
        g.fill(p, l.wte, INIT_STD);
        g.fill(p, l.wpe, INIT_STD);
        g.fill(p, l.qkvw, INIT_STD);
        g.fill(p, l.attprojw, residualStd);
        g.fill(p, l.fcw, INIT_STD);
        g.fill(p, l.fcprojw, residualStd);
        for (ParameterLayout.Tensor ones : new ParameterLayout.Tensor[] {l.ln1w, l.ln2w, l.lnfw}) {
            Arrays.fill(p, ones.offset(), ones.offset() + ones.size(), 1f);
        }
        return new TransformerModel(config, p);
    }

    public ModelConfig config() {
        return config;
    }

    public ParameterLayout layout() {
        return layout;
    }

    /** The live parameter array (not a copy): the optimiser updates it in place. */
    public float[] params() {
        return params;
    }

    /** A model with a copy of these parameters. */
    public TransformerModel copy() {
        return new TransformerModel(config, params.clone());
    }

    /** Logits (B, T, V) row-major for tokens (B, T) row-major. Thread-safe. */
    public float[] logits(int[] tokens, int batch, int seqLen) {
        return logits(tokens, batch, seqLen, null);
    }

    /** Logits (B, T, V) of this model with {@code adapter} (null: none) applied. Thread-safe. */
    public float[] logits(int[] tokens, int batch, int seqLen, LoraAdapter adapter) {
        if (tokens.length != batch * seqLen) {
            throw new IllegalArgumentException("expected " + batch + "x" + seqLen + " tokens, got " + tokens.length);
        }
        Activations acts = new Activations(config, batch, seqLen);
        forward(acts, tokens, null, adapter);
        return acts.logits;
    }

    /**
     * Forward pass over inputs (B, T); with targets (B, T) also computes the cross-entropy and
     * returns the mean loss in nats (else NaN). Leaves what backward needs in {@code acts}.
     */
    public float forward(Activations acts, int[] inputs, int[] targets) {
        return forward(acts, inputs, targets, null);
    }

    /**
     * As {@link #forward(Activations, int[], int[])} with low-rank adapters added to the adapted
     * matrices ({@code adapter} null: the plain model).
     */
    public float forward(Activations acts, int[] inputs, int[] targets, LoraAdapter adapter) {
        return forward(acts, inputs, targets, adapter, null);
    }

    /**
     * As {@link #forward(Activations, int[], int[], LoraAdapter)} with a loss mask (B, T): the loss is
     * the mean over the positions whose mask is non-zero (weighted by it), and {@link #backward} sends
     * exactly zero gradient through the logits of masked positions (supervised fine-tuning trains on
     * response tokens only). {@code lossMask} null: every position counts, as without a mask.
     */
    public float forward(Activations acts, int[] inputs, int[] targets, LoraAdapter adapter, float[] lossMask) {
        checkAdapter(adapter);
        int b = acts.batch, t = acts.seqLen, bt = b * t;
        int c = config.dModel(), v = config.vocabSize(), nh = config.heads();
        checkTokens(inputs, bt, "inputs");
        System.arraycopy(inputs, 0, acts.inputs, 0, bt);
        acts.hasTargets = targets != null;
        if (targets != null) {
            checkTokens(targets, bt, "targets");
            System.arraycopy(targets, 0, acts.targets, 0, bt);
        }
        ParameterLayout p = layout;
        float[] w = params;

        Layers.encoderForward(acts.encoded, acts.inputs, w, p.wte.offset(), p.wpe.offset(), b, t, c);
        for (int l = 0; l < config.layers(); l++) {
            float[] residual = l == 0 ? acts.encoded : acts.residual3[l - 1];
            Layers.layerNormForward(acts.ln1[l], acts.ln1Mean[l], acts.ln1Rstd[l], residual,
                    w, layerOffset(p.ln1w, l), layerOffset(p.ln1b, l), bt, c);
            Layers.matmulForward(acts.qkv[l], acts.ln1[l], w, layerOffset(p.qkvw, l), layerOffset(p.qkvb, l),
                    bt, c, 3 * c);
            adapt(adapter, LoraTarget.QKV, l, acts.qkv[l], acts.ln1[l], bt, acts);
            Layers.attentionForward(acts.atty[l], acts.att[l], acts.qkv[l], b, t, c, nh);
            Layers.matmulForward(acts.attproj[l], acts.atty[l], w, layerOffset(p.attprojw, l),
                    layerOffset(p.attprojb, l), bt, c, c);
            adapt(adapter, LoraTarget.ATTPROJ, l, acts.attproj[l], acts.atty[l], bt, acts);
            Layers.residualForward(acts.residual2[l], residual, acts.attproj[l], bt * c);
            Layers.layerNormForward(acts.ln2[l], acts.ln2Mean[l], acts.ln2Rstd[l], acts.residual2[l],
                    w, layerOffset(p.ln2w, l), layerOffset(p.ln2b, l), bt, c);
            Layers.matmulForward(acts.fch[l], acts.ln2[l], w, layerOffset(p.fcw, l), layerOffset(p.fcb, l),
                    bt, c, 4 * c);
            adapt(adapter, LoraTarget.FC, l, acts.fch[l], acts.ln2[l], bt, acts);
            Layers.geluForward(acts.fchGelu[l], acts.fchTanh[l], acts.fch[l], bt * 4 * c);
            Layers.matmulForward(acts.fcproj[l], acts.fchGelu[l], w, layerOffset(p.fcprojw, l),
                    layerOffset(p.fcprojb, l), bt, 4 * c, c);
            adapt(adapter, LoraTarget.FCPROJ, l, acts.fcproj[l], acts.fchGelu[l], bt, acts);
            Layers.residualForward(acts.residual3[l], acts.residual2[l], acts.fcproj[l], bt * c);
        }
        float[] last = acts.residual3[config.layers() - 1];
        Layers.layerNormForward(acts.lnf, acts.lnfMean, acts.lnfRstd, last,
                w, p.lnfw.offset(), p.lnfb.offset(), bt, c);
        Layers.matmulForward(acts.logits, acts.lnf, w, p.wte.offset(), -1, bt, c, v);
        if (targets == null) {
            return Float.NaN;
        }
        acts.ensureProbs();
        Layers.softmaxForward(acts.probs, acts.logits, bt, v);
        if (lossMask == null) {
            acts.dloss = null;
            return Layers.crossEntropyForward(acts.losses, acts.probs, acts.targets, bt, v);
        }
        if (lossMask.length < bt) {
            throw new IllegalArgumentException("lossMask must hold " + bt + " weights, got " + lossMask.length);
        }
        if (acts.dloss == null) {
            acts.dloss = new float[bt];
        }
        return Layers.maskedCrossEntropyForward(acts.losses, acts.dloss, acts.probs, acts.targets, lossMask, bt, v);
    }

    /**
     * Adds the gradient of the mean loss of the last {@link #forward} (which must have had targets)
     * to {@code grads}, laid out like the parameters. Consumes the saved probabilities.
     */
    public void backward(Activations acts, float[] grads) {
        if (grads == null) {
            throw new IllegalArgumentException("grads must not be null");
        }
        backward(acts, grads, null, null);
    }

    /**
     * Backward of a forward pass made with {@code adapter}: adds the adapter's gradient to
     * {@code adapterGrads} (laid out like its parameters) and, unless {@code grads} is null (frozen
     * base, the adapter-training case: no weight gradients are computed), the base gradient to
     * {@code grads}. The same adapter must be passed as to the forward pass.
     */
    public void backward(Activations acts, float[] grads, LoraAdapter adapter, float[] adapterGrads) {
        backward(acts, grads, adapter, adapterGrads, null);
    }

    /**
     * Adds to {@code grads} the gradient of {@code Σ_p positionWeights[p] · CE_p}, the per-position
     * cross-entropies of the last {@link #forward} weighted one by one ((B, T), zero to ignore a position):
     * a loss on response tokens only, or the gradient of a sequence log-probability scaled by a DPO weight
     * (d log p(seq) / d logits = -d CE / d logits, so a negative weight raises the sequence's probability).
     */
    public void backward(Activations acts, float[] grads, float[] positionWeights) {
        if (grads == null) {
            throw new IllegalArgumentException("grads must not be null");
        }
        if (positionWeights == null || positionWeights.length != acts.batch * acts.seqLen) {
            throw new IllegalArgumentException("positionWeights must have " + acts.batch * acts.seqLen + " floats");
        }
        backward(acts, grads, null, null, positionWeights);
    }

    private void backward(Activations acts, float[] grads, LoraAdapter adapter, float[] adapterGrads,
                          float[] positionWeights) {
        if (!acts.hasTargets) {
            throw new IllegalStateException("backward needs a forward pass with targets");
        }
        checkAdapter(adapter);
        if (adapter != null && (adapterGrads == null || adapterGrads.length != adapter.params().length)) {
            throw new IllegalArgumentException("adapterGrads must have " + adapter.params().length + " floats");
        }
        if (grads == null && adapter == null) {
            throw new IllegalArgumentException("nothing to differentiate: no base gradients and no adapter");
        }
        if (grads != null && grads.length != params.length) {
            throw new IllegalArgumentException("grads must have " + params.length + " floats, got " + grads.length);
        }
        acts.hasTargets = false; // probs are overwritten below
        acts.ensureBackwardScratch();
        int b = acts.batch, t = acts.seqLen, bt = b * t;
        int c = config.dModel(), v = config.vocabSize(), nh = config.heads();
        ParameterLayout p = layout;
        float[] w = params;
        float[] g = grads;

        float[] dlogits = acts.probs;
        // Explicit per-position weights (DPO) win; else the loss mask of the forward pass (SFT); else the mean.
        if (positionWeights != null) {
            Layers.crossEntropySoftmaxBackward(dlogits, acts.probs, acts.targets, positionWeights, bt, v);
        } else if (acts.dloss != null) {
            Layers.crossEntropySoftmaxBackward(dlogits, acts.probs, acts.targets, acts.dloss, bt, v);
        } else {
            Layers.crossEntropySoftmaxBackward(dlogits, acts.probs, acts.targets, 1f / bt, bt, v);
        }
        Arrays.fill(acts.dln, 0f);
        Layers.matmulBackward(acts.dln, g, p.wte.offset(), -1, dlogits, acts.lnf, w, p.wte.offset(), bt, c, v);
        float[] dresidual = acts.dresidual;
        Arrays.fill(dresidual, 0f);
        float[] last = acts.residual3[config.layers() - 1];
        Layers.layerNormBackward(dresidual, g, p.lnfw.offset(), p.lnfb.offset(), acts.dln, last,
                w, p.lnfw.offset(), acts.lnfMean, acts.lnfRstd, bt, c);

        for (int l = config.layers() - 1; l >= 0; l--) {
            float[] residual = l == 0 ? acts.encoded : acts.residual3[l - 1];
            // dresidual holds d(residual3); it also flows unchanged into d(residual2).
            Arrays.fill(acts.dfchGelu, 0f);
            Layers.matmulBackward(acts.dfchGelu, g, layerOffset(p.fcprojw, l), layerOffset(p.fcprojb, l),
                    dresidual, acts.fchGelu[l], w, layerOffset(p.fcprojw, l), bt, 4 * c, c);
            adaptBackward(adapter, LoraTarget.FCPROJ, l, acts.dfchGelu, adapterGrads, dresidual, acts.fchGelu[l], bt, acts);
            Arrays.fill(acts.dfch, 0f);
            Layers.geluBackward(acts.dfch, acts.fch[l], acts.fchTanh[l], acts.dfchGelu, bt * 4 * c);
            Arrays.fill(acts.dln, 0f);
            Layers.matmulBackward(acts.dln, g, layerOffset(p.fcw, l), layerOffset(p.fcb, l),
                    acts.dfch, acts.ln2[l], w, layerOffset(p.fcw, l), bt, c, 4 * c);
            adaptBackward(adapter, LoraTarget.FC, l, acts.dln, adapterGrads, acts.dfch, acts.ln2[l], bt, acts);
            Layers.layerNormBackward(dresidual, g, layerOffset(p.ln2w, l), layerOffset(p.ln2b, l), acts.dln,
                    acts.residual2[l], w, layerOffset(p.ln2w, l), acts.ln2Mean[l], acts.ln2Rstd[l], bt, c);
            // dresidual now holds d(residual2); it flows unchanged into d(residual).
            Arrays.fill(acts.datty, 0f);
            Layers.matmulBackward(acts.datty, g, layerOffset(p.attprojw, l), layerOffset(p.attprojb, l),
                    dresidual, acts.atty[l], w, layerOffset(p.attprojw, l), bt, c, c);
            adaptBackward(adapter, LoraTarget.ATTPROJ, l, acts.datty, adapterGrads, dresidual, acts.atty[l], bt, acts);
            Arrays.fill(acts.dqkv, 0f);
            Layers.attentionBackward(acts.dqkv, acts.datty, acts.qkv[l], acts.att[l], b, t, c, nh);
            Arrays.fill(acts.dln, 0f);
            Layers.matmulBackward(acts.dln, g, layerOffset(p.qkvw, l), layerOffset(p.qkvb, l),
                    acts.dqkv, acts.ln1[l], w, layerOffset(p.qkvw, l), bt, c, 3 * c);
            adaptBackward(adapter, LoraTarget.QKV, l, acts.dln, adapterGrads, acts.dqkv, acts.ln1[l], bt, acts);
            Layers.layerNormBackward(dresidual, g, layerOffset(p.ln1w, l), layerOffset(p.ln1b, l), acts.dln,
                    residual, w, layerOffset(p.ln1w, l), acts.ln1Mean[l], acts.ln1Rstd[l], bt, c);
        }
        if (g != null) {
            Layers.encoderBackward(g, p.wte.offset(), p.wpe.offset(), dresidual, acts.inputs, b, t, c);
        }
    }

    private static void adapt(LoraAdapter adapter, LoraTarget target, int layer, float[] out, float[] inp,
                              int rows, Activations acts) {
        if (adapter != null) {
            adapter.forward(target, layer, out, inp, rows, acts);
        }
    }

    private static void adaptBackward(LoraAdapter adapter, LoraTarget target, int layer, float[] dinp,
                                      float[] adapterGrads, float[] dout, float[] inp, int rows, Activations acts) {
        if (adapter != null) {
            adapter.backward(target, layer, dinp, adapterGrads, dout, inp, rows, acts);
        }
    }

    private void checkAdapter(LoraAdapter adapter) {
        if (adapter != null && !adapter.modelConfig().equals(config)) {
            throw new IllegalArgumentException("adapter was built for " + adapter.modelConfig() + ", this model is " + config);
        }
    }

    private void checkTokens(int[] tokens, int expected, String what) {
        if (tokens.length < expected) {
            throw new IllegalArgumentException(what + " must hold " + expected + " tokens, got " + tokens.length);
        }
        int v = config.vocabSize();
        for (int i = 0; i < expected; i++) {
            if (tokens[i] < 0 || tokens[i] >= v) {
                throw new IllegalArgumentException(what + "[" + i + "] = " + tokens[i] + " is outside the vocabulary [0, " + v + ")");
            }
        }
    }

    /** Box-Muller over SplittableRandom: the same numbers for a seed on every JDK. */
    private static final class Gaussian {
        private final SplittableRandom random;

        Gaussian(long seed) {
            random = new SplittableRandom(seed);
        }

        void fill(float[] p, ParameterLayout.Tensor tensor, float std) {
            for (int i = tensor.offset(); i < tensor.offset() + tensor.size(); i++) {
                double u1 = 1.0 - random.nextDouble(); // (0, 1]
                double u2 = random.nextDouble();
                p[i] = (float) (std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
            }
        }
    }
}
