package io.specialist.model.train;

import io.specialist.model.Activations;
import io.specialist.model.TransformerModel;
import io.specialist.model.tokenizer.BpeTokenizer;

import java.util.List;

/**
 * Estimates the diagonal (empirical) Fisher information of a model on general text: the mean over
 * single sequences of the squared gradient of the sequence's mean next-token loss,
 * F_i = E[(∂L/∂θ_i)²]. It is normalised to mean 1, so an EWC strength λ is on the same scale as an
 * L2-SP strength (EWC then moves λ toward the weights general text depends on).
 */
public final class FisherEstimator {

    private FisherEstimator() {
    }

    /**
     * @param sequences how many sequences of {@code seqLen} tokens to average over (one backward each)
     */
    public static float[] estimate(TransformerModel model, BpeTokenizer tokenizer, List<String> generalDocs,
                                   int seqLen, int sequences, long seed) {
        if (generalDocs.isEmpty()) {
            throw new IllegalArgumentException("the Fisher needs general text, got no documents");
        }
        int p = model.params().length;
        int t = Math.min(seqLen, model.config().contextLength());
        double[] sum = new double[p];
        float[] grads = new float[p];
        int[] inputs = new int[t];
        int[] targets = new int[t];
        DataLoader loader = new DataLoader(tokenizer, generalDocs, List.of(), 1, t, 0f, seed);
        Activations acts = new Activations(model.config(), 1, t);
        for (int s = 0; s < sequences; s++) {
            loader.next(inputs, targets);
            java.util.Arrays.fill(grads, 0f);
            model.forward(acts, inputs, targets);
            model.backward(acts, grads);
            for (int i = 0; i < p; i++) {
                sum[i] += (double) grads[i] * grads[i];
            }
        }
        double mean = 0;
        for (double v : sum) {
            mean += v;
        }
        mean /= p;
        float[] fisher = new float[p];
        for (int i = 0; i < p; i++) {
            fisher[i] = mean > 0 ? (float) (sum[i] / mean) : 1f;
        }
        return fisher;
    }
}
