package io.specialist.model;

/**
 * Buffers of one forward/backward pass at a fixed batch size and sequence length: the activations
 * the forward pass saves for backward (llm.c's ActivationTensors) and the scratch gradients of
 * backward. Per-layer tensors are indexed {@code [layer]}. Not thread-safe: one pass at a time.
 */
public final class Activations {

    final int batch;    // B
    final int seqLen;   // T
    final int[] inputs;  // (B, T)
    final int[] targets; // (B, T)
    boolean hasTargets;

    final float[] encoded;     // (B, T, C)
    final float[][] ln1;       // (L)(B, T, C)
    final float[][] ln1Mean;   // (L)(B, T)
    final float[][] ln1Rstd;   // (L)(B, T)
    final float[][] qkv;       // (L)(B, T, 3C)
    final float[][] atty;      // (L)(B, T, C)
    final float[][] att;       // (L)(B, NH, T, T) softmax weights
    final float[][] attproj;   // (L)(B, T, C)
    final float[][] residual2; // (L)(B, T, C)
    final float[][] ln2;       // (L)(B, T, C)
    final float[][] ln2Mean;   // (L)(B, T)
    final float[][] ln2Rstd;   // (L)(B, T)
    final float[][] fch;       // (L)(B, T, 4C) pre-GELU
    final float[][] fchTanh;   // (L)(B, T, 4C) tanh inside GELU, saved for backward
    final float[][] fchGelu;   // (L)(B, T, 4C)
    final float[][] fcproj;    // (L)(B, T, C)
    final float[][] residual3; // (L)(B, T, C)
    final float[] lnf;         // (B, T, C)
    final float[] lnfMean;     // (B, T)
    final float[] lnfRstd;     // (B, T)
    final float[] logits;      // (B, T, V)
    float[] probs;             // (B, T, V), overwritten by dlogits in backward; allocated on first use
    final float[] losses;      // (B, T)
    float[] dloss;             // (B, T) d(mean loss)/d(loss) per position of a masked forward; null: 1/(B·T) each

    // backward scratch, allocated by the first backward pass (inference never needs it)
    float[] dresidual;         // (B, T, C) gradient of the residual stream
    float[] dln;               // (B, T, C)
    float[] datty;             // (B, T, C)
    float[] dqkv;              // (B, T, 3C)
    float[] dfch;              // (B, T, 4C)
    float[] dfchGelu;          // (B, T, 4C)
    private float[] adapterScratch; // (2, B, T, r) low-rank activations of an adapter, on first use
    private final int channels;
    private final int vocab;

    public Activations(ModelConfig config, int batch, int seqLen) {
        if (batch < 1 || seqLen < 1 || seqLen > config.contextLength()) {
            throw new IllegalArgumentException("batch must be >= 1 and seqLen in [1, " + config.contextLength()
                    + "], got batch=" + batch + " seqLen=" + seqLen);
        }
        this.batch = batch;
        this.seqLen = seqLen;
        int l = config.layers();
        int c = config.dModel();
        int bt = batch * seqLen;
        inputs = new int[bt];
        targets = new int[bt];
        encoded = new float[bt * c];
        ln1 = new float[l][bt * c];
        ln1Mean = new float[l][bt];
        ln1Rstd = new float[l][bt];
        qkv = new float[l][bt * 3 * c];
        atty = new float[l][bt * c];
        att = new float[l][batch * config.heads() * seqLen * seqLen];
        attproj = new float[l][bt * c];
        residual2 = new float[l][bt * c];
        ln2 = new float[l][bt * c];
        ln2Mean = new float[l][bt];
        ln2Rstd = new float[l][bt];
        fch = new float[l][bt * 4 * c];
        fchTanh = new float[l][bt * 4 * c];
        fchGelu = new float[l][bt * 4 * c];
        fcproj = new float[l][bt * c];
        residual3 = new float[l][bt * c];
        lnf = new float[bt * c];
        lnfMean = new float[bt];
        lnfRstd = new float[bt];
        logits = new float[bt * config.vocabSize()];
        losses = new float[bt];
        channels = c;
        vocab = config.vocabSize();
    }

    void ensureProbs() {
        if (probs == null) {
            probs = new float[batch * seqLen * vocab];
        }
    }

    void ensureBackwardScratch() {
        if (dresidual == null) {
            int bt = batch * seqLen;
            dresidual = new float[bt * channels];
            dln = new float[bt * channels];
            datty = new float[bt * channels];
            dqkv = new float[bt * 3 * channels];
            dfch = new float[bt * 4 * channels];
            dfchGelu = new float[bt * 4 * channels];
        }
    }

    /** At least {@code size} floats of scratch for {@link LoraAdapter}; contents are not kept between calls. */
    float[] adapterScratch(int size) {
        if (adapterScratch == null || adapterScratch.length < size) {
            adapterScratch = new float[size];
        }
        return adapterScratch;
    }

    public int batch() {
        return batch;
    }

    public int seqLen() {
        return seqLen;
    }

    /** Logits (B, T, V) of the last forward pass. */
    public float[] logits() {
        return logits;
    }

    /** Per-position cross-entropy losses (B, T) of the last forward pass with targets, in nats. */
    public float[] losses() {
        return losses;
    }
}
