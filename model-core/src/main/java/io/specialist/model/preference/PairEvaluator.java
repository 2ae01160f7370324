package io.specialist.model.preference;

import io.specialist.model.TransformerModel;
import io.specialist.model.tokenizer.BpeTokenizer;
import java.util.List;

/**
 * Scores preference pairs with a model: a pair is ranked right when the chosen response's sequence
 * log-probability given the prompt is strictly above the rejected one's (the sum over response tokens, as
 * DPO optimises it). Pairs are scored in batches; each row's result does not depend on its batch-mates.
 */
public final class PairEvaluator {

    private static final int PAIRS_PER_BATCH = 8;

    private PairEvaluator() {
    }

    /**
     * @param pairs    pairs scored
     * @param correct  pairs whose chosen response scored strictly higher
     * @param marginSum sum over pairs of log p(chosen) - log p(rejected), in nats
     */
    public record PairScore(int pairs, int correct, double marginSum) {
        public double accuracy() {
            return pairs == 0 ? Double.NaN : (double) correct / pairs;
        }

        /** Mean log-probability margin of the chosen over the rejected response, in nats. */
        public double meanMargin() {
            return pairs == 0 ? Double.NaN : marginSum / pairs;
        }
    }

    public static PairScore evaluate(TransformerModel model, BpeTokenizer tokenizer, List<PreferencePair> pairs,
            int seqLen) {
        double[][] lp = logProbs(model, tokenizer, pairs, seqLen);
        int correct = 0;
        double margin = 0;
        for (int i = 0; i < pairs.size(); i++) {
            correct += lp[0][i] > lp[1][i] ? 1 : 0;
            margin += lp[0][i] - lp[1][i];
        }
        return new PairScore(pairs.size(), correct, margin);
    }

    /** {chosen[], rejected[]} sequence log-probabilities (nats) of each pair's responses given its prompt. */
    public static double[][] logProbs(TransformerModel model, BpeTokenizer tokenizer, List<PreferencePair> pairs,
            int seqLen) {
        int n = pairs.size();
        double[][] out = new double[2][n];
        for (int from = 0; from < n; from += PAIRS_PER_BATCH) {
            int b = Math.min(PAIRS_PER_BATCH, n - from);
            String[] prompts = new String[2 * b];
            String[] responses = new String[2 * b];
            for (int i = 0; i < b; i++) {
                PreferencePair pair = pairs.get(from + i);
                prompts[i] = pair.prompt();
                responses[i] = pair.chosen();
                prompts[b + i] = pair.prompt();
                responses[b + i] = pair.rejected();
            }
            double[] lp = ResponseRows.of(tokenizer, prompts, responses, seqLen).logProbs(model);
            for (int i = 0; i < b; i++) {
                out[0][from + i] = lp[i];
                out[1][from + i] = lp[b + i];
            }
        }
        return out;
    }
}
