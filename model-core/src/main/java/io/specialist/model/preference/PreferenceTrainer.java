package io.specialist.model.preference;

import io.specialist.model.Activations;
import io.specialist.model.TransformerModel;
import io.specialist.model.tokenizer.BpeTokenizer;
import io.specialist.model.train.AdamW;
import io.specialist.model.train.DataLoader;
import io.specialist.model.train.GradientClipping;
import io.specialist.model.train.LearningRateSchedule;
import io.specialist.model.train.RecentLosses;
import io.specialist.model.train.RegularizationPenalty;
import io.specialist.model.train.Trainer;
import io.specialist.model.train.TrainingConfig;
import io.specialist.model.train.TrainingListener;
import io.specialist.model.train.TrainingResult;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Trains a model in place with DPO against its own starting weights as the frozen reference: the
 * reference's sequence log-probabilities of every pair are computed once, before the first step, and never
 * differentiated. Each step takes B pairs (2·B rows: chosen, then rejected), adds the replayed language-model
 * loss on general text (weighted) and the forgetting penalty toward the starting weights, clips and applies
 * AdamW under the warm-up + cosine schedule. Deterministic for a given model, data, config and seed.
 */
public final class PreferenceTrainer {

    private PreferenceTrainer() {
    }

    public static TrainingResult train(TransformerModel policy, BpeTokenizer tok, List<PreferencePair> pairs,
            List<String> replayDocs, PreferenceConfig cfg, TrainingListener listener, BooleanSupplier cancelled,
            float[] ewcFisher) {
        TrainingConfig t = cfg.training();
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no preference pairs to train on");
        }
        if (tok.vocabSize() != policy.config().vocabSize()) {
            throw new IllegalArgumentException("tokenizer has " + tok.vocabSize() + " ids but the model expects "
                    + policy.config().vocabSize());
        }
        if (t.seqLen() > policy.config().contextLength()) {
            throw new IllegalArgumentException("seqLen " + t.seqLen() + " exceeds the model's context length "
                    + policy.config().contextLength());
        }
        long started = System.nanoTime();
        int seqLen = t.seqLen();
        RegularizationPenalty penalty = Trainer.penalty(policy, tok, replayDocs, t, ewcFisher);
        double[][] reference = PairEvaluator.logProbs(policy, tok, pairs, seqLen);
        int[][][] tokens = tokenize(tok, pairs);

        int b = Math.min(t.batchSize(), pairs.size());
        int replayRows = cfg.replayRows();
        Activations acts = new Activations(policy.config(), 2 * b, seqLen);
        Activations replayActs = replayRows > 0 ? new Activations(policy.config(), replayRows, seqLen) : null;
        DataLoader replay = replayRows > 0
                ? new DataLoader(tok, List.of(), replayDocs, replayRows, seqLen, 1f, t.seed()) : null;
        int[] replayInputs = new int[replayRows * seqLen];
        int[] replayTargets = new int[replayRows * seqLen];
        float[] replayWeights = new float[replayRows * seqLen];
        Arrays.fill(replayWeights, (float) (cfg.replayWeight() / Math.max(1, replayRows * seqLen)));

        AdamW optimizer = new AdamW(policy.layout());
        LearningRateSchedule schedule = LearningRateSchedule.of(t);
        float[] params = policy.params();
        float[] grads = new float[params.length];
        PairOrder order = new PairOrder(pairs.size(), new SplittableRandom(t.seed()));
        int[][] prompts = new int[2 * b][];
        int[][] responses = new int[2 * b][];
        double[] refBatch = new double[2 * b];
        RecentLosses recent = new RecentLosses(t.steps());
        long tokensPerStep = (long) (2 * b + replayRows) * seqLen;
        long loopStart = System.nanoTime();
        int step = 0;
        boolean stopped = false;
        for (; step < t.steps(); step++) {
            if (cancelled.getAsBoolean()) {
                stopped = true;
                break;
            }
            for (int i = 0; i < b; i++) {
                int p = order.next();
                prompts[i] = tokens[p][0];
                responses[i] = tokens[p][1];
                prompts[b + i] = tokens[p][0];
                responses[b + i] = tokens[p][2];
                refBatch[i] = reference[0][p];
                refBatch[b + i] = reference[1][p];
            }
            ResponseRows rows = ResponseRows.pack(prompts, responses, seqLen, tok.endOfDocument());
            Arrays.fill(grads, 0f);
            double loss = lossAndGradient(policy, acts, rows, refBatch, cfg.beta(), grads);
            if (replay != null) {
                replay.next(replayInputs, replayTargets);
                float lm = policy.forward(replayActs, replayInputs, replayTargets);
                policy.backward(replayActs, grads, replayWeights);
                loss += cfg.replayWeight() * lm;
            }
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("preference training diverged: loss " + loss + " at step " + (step + 1)
                        + "; lower the learning rate (" + t.learningRate() + ") or beta (" + cfg.beta() + ")");
            }
            penalty.addGradient(params, grads);
            GradientClipping.clip(grads, t.gradClip());
            float lr = schedule.at(step);
            optimizer.update(params, grads, lr, t.weightDecay());
            recent.add(loss);
            double elapsed = (System.nanoTime() - loopStart) / 1e9;
            listener.onStep(step + 1, t.steps(), (float) loss, lr, (double) (step + 1) * tokensPerStep / elapsed,
                    elapsed / (step + 1) * (t.steps() - step - 1));
        }
        double finalLoss = recent.mean();
        double loopSeconds = (System.nanoTime() - loopStart) / 1e9;
        double tps = step == 0 ? 0 : step * tokensPerStep / loopSeconds;
        return new TrainingResult(step, t.steps(), finalLoss, tps, (System.nanoTime() - started) / 1e9, stopped,
                optimizer.state());
    }

    /**
     * The mean DPO loss of a batch whose first half of rows are the chosen and second half the rejected
     * responses of the same pairs, and its gradient with respect to the policy added to {@code grads}.
     * {@code reference} holds the frozen reference's log-probabilities of the same rows: constants here.
     */
    public static double lossAndGradient(TransformerModel policy, Activations acts, ResponseRows rows,
            double[] reference, double beta, float[] grads) {
        int b = rows.rows() / 2;
        double[] logp = rows.forward(policy, acts);
        double[] dLogP = new double[2 * b];
        double loss = 0;
        for (int i = 0; i < b; i++) {
            double z = DpoLoss.margin(logp[i], logp[b + i], reference[i], reference[b + i], beta);
            loss += DpoLoss.loss(z);
            double g = beta * DpoLoss.weight(z) / b;
            dLogP[i] = -g;
            dLogP[b + i] = g;
        }
        policy.backward(acts, grads, rows.positionWeights(dLogP));
        return loss / b;
    }

    private static int[][][] tokenize(BpeTokenizer tok, List<PreferencePair> pairs) {
        int[][][] out = new int[pairs.size()][][];
        for (int i = 0; i < pairs.size(); i++) {
            PreferencePair p = pairs.get(i);
            out[i] = new int[][] {tok.encode(p.prompt()), tok.encode(p.chosen()), tok.encode(p.rejected())};
        }
        return out;
    }

    /** Pair indices in a seeded order, reshuffled every epoch. */
    private static final class PairOrder {
        private final int[] order;
        private final SplittableRandom random;
        private int next;

        PairOrder(int n, SplittableRandom random) {
            this.order = new int[n];
            this.random = random;
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            shuffle();
        }

        int next() {
            if (next == order.length) {
                shuffle();
            }
            return order[next++];
        }

        private void shuffle() {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            next = 0;
        }
    }
}
