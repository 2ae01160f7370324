package io.specialist.model.preference;

import io.specialist.model.Activations;
import io.specialist.model.TransformerModel;
import io.specialist.model.eval.Evaluator;
import io.specialist.model.tokenizer.BpeTokenizer;

/**
 * Rows of (prompt, response) sequences for a batched forward pass, and the sequence log-probability of
 * each response given its prompt. A row is {@code [EOT] + prompt + response}, right-padded; position p
 * predicts token p+1, and only positions whose target is a response token count (the mask). When a row
 * is longer than T the response keeps its start (at most max(T/2, T - prompt) tokens) and the prompt its
 * end, so the response is always conditioned on the text right before it. Padding sits after the
 * response, and attention is causal, so it cannot change any counted position.
 */
public final class ResponseRows {

    final int rows;      // B
    final int seqLen;    // T
    final int[] inputs;  // (B, T)
    final int[] targets; // (B, T)
    final boolean[] mask; // (B, T) true where the target is a response token

    private ResponseRows(int rows, int seqLen) {
        this.rows = rows;
        this.seqLen = seqLen;
        this.inputs = new int[rows * seqLen];
        this.targets = new int[rows * seqLen];
        this.mask = new boolean[rows * seqLen];
    }

    /** Packs {@code prompts[r]} + {@code responses[r]} token ids into rows of {@code seqLen} positions. */
    public static ResponseRows pack(int[][] prompts, int[][] responses, int seqLen, int eot) {
        if (prompts.length != responses.length) {
            throw new IllegalArgumentException(prompts.length + " prompts but " + responses.length + " responses");
        }
        ResponseRows out = new ResponseRows(prompts.length, seqLen);
        for (int r = 0; r < prompts.length; r++) {
            int[] prompt = prompts[r];
            int[] response = responses[r];
            int resp = Math.min(response.length, Math.max(seqLen / 2, seqLen - prompt.length));
            int prm = Math.min(prompt.length, seqLen - resp);
            int[] seq = new int[1 + prm + resp];
            seq[0] = eot;
            System.arraycopy(prompt, prompt.length - prm, seq, 1, prm);
            System.arraycopy(response, 0, seq, 1 + prm, resp);
            int o = r * seqLen;
            for (int p = 0; p < seqLen; p++) {
                boolean inside = p + 1 < seq.length;
                out.inputs[o + p] = p < seq.length ? seq[p] : eot;
                out.targets[o + p] = inside ? seq[p + 1] : eot;
                out.mask[o + p] = inside && p >= prm;
            }
        }
        return out;
    }

    /** Tokenizes and packs (prompt, response) texts. */
    public static ResponseRows of(BpeTokenizer tokenizer, String[] prompts, String[] responses, int seqLen) {
        int[][] p = new int[prompts.length][];
        int[][] r = new int[responses.length][];
        for (int i = 0; i < prompts.length; i++) {
            p[i] = tokenizer.encode(prompts[i]);
            r[i] = tokenizer.encode(responses[i]);
        }
        return pack(p, r, seqLen, tokenizer.endOfDocument());
    }

    public int rows() {
        return rows;
    }

    /** Input tokens (B, T) (a copy). */
    public int[] inputs() {
        return inputs.clone();
    }

    /** Target tokens (B, T) (a copy). */
    public int[] targets() {
        return targets.clone();
    }

    /** Whether position (b, t) is counted, i.e. its target is a response token (a copy). */
    public boolean[] mask() {
        return mask.clone();
    }

    /** Response tokens counted in row {@code r}. */
    public int responseTokens(int r) {
        int n = 0;
        for (int p = r * seqLen; p < (r + 1) * seqLen; p++) {
            n += mask[p] ? 1 : 0;
        }
        return n;
    }

    /**
     * Forward pass with targets over these rows (leaving what backward needs in {@code acts}) and the
     * sequence log-probability (nats) of each row's response, summed in double from the logits.
     */
    public double[] forward(TransformerModel model, Activations acts) {
        model.forward(acts, inputs, targets);
        return logProbs(acts.logits(), model.config().vocabSize());
    }

    /** Sequence log-probabilities of each row's response under {@code model}, without keeping activations. */
    public double[] logProbs(TransformerModel model) {
        return logProbs(model.logits(inputs, rows, seqLen), model.config().vocabSize());
    }

    private double[] logProbs(float[] logits, int vocab) {
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int p = r * seqLen; p < (r + 1) * seqLen; p++) {
                if (mask[p]) {
                    sum += Evaluator.logProb(logits, p * vocab, vocab, targets[p]);
                }
            }
            out[r] = sum;
        }
        return out;
    }

    /**
     * Per-position loss weights (B, T) for {@link TransformerModel#backward(Activations, float[], float[])}
     * such that the gradient is that of {@code Σ_r dLoss/dLogP[r] · logP[r]}: the weight of a counted
     * position is {@code -dLossdLogP[r]} (the gradient of log p(target) is minus that of its cross-entropy).
     */
    public float[] positionWeights(double[] dLossdLogP) {
        float[] w = new float[rows * seqLen];
        for (int r = 0; r < rows; r++) {
            float weight = (float) -dLossdLogP[r];
            for (int p = r * seqLen; p < (r + 1) * seqLen; p++) {
                w[p] = mask[p] ? weight : 0f;
            }
        }
        return w;
    }
}
