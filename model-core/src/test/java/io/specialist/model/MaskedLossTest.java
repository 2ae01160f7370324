package io.specialist.model;

import io.specialist.model.eval.Evaluator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * The loss mask of supervised fine-tuning: the masked loss is the mean of -ln p(target) over the unmasked
 * (response) positions only, the logits of masked (prompt) positions get exactly zero gradient, and the
 * parameter gradient matches central finite differences of the masked loss computed by the independent
 * double-precision {@link ReferenceModel}.
 */
class MaskedLossTest {

    static final ModelConfig CONFIG = new ModelConfig(257, 8, 8, 2, 2);
    static final int B = 2;
    static final int T = 6;

    static float[] params;
    static int[] inputs;
    static int[] targets;
    static float[] mask;

    @BeforeAll
    static void setUp() {
        SplittableRandom random = new SplittableRandom(5);
        params = TransformerModel.initialize(CONFIG, 3).params();
        for (int i = 0; i < params.length; i++) {
            params[i] += (float) (0.3 * (random.nextDouble() - 0.5));
        }
        inputs = new int[B * T];
        targets = new int[B * T];
        for (int i = 0; i < B * T; i++) {
            inputs[i] = random.nextInt(CONFIG.vocabSize());
            targets[i] = random.nextInt(CONFIG.vocabSize());
        }
        // row 0: 3 prompt targets then 3 response targets; row 1: 1 prompt target then 5 response targets
        mask = new float[] {0, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1};
    }

    @Test
    void maskedLossIsTheMeanOverResponseTokens() {
        TransformerModel model = new TransformerModel(CONFIG, params);
        Activations acts = new Activations(CONFIG, B, T);
        float loss = model.forward(acts, inputs, targets, null, mask);
        float[] logits = model.logits(inputs, B, T);
        double sum = 0;
        int n = 0;
        for (int i = 0; i < B * T; i++) {
            if (mask[i] == 1f) {
                sum -= Evaluator.logProb(logits, i * CONFIG.vocabSize(), CONFIG.vocabSize(), targets[i]);
                n++;
            }
        }
        assertThat(n).isEqualTo(8);
        assertThat((double) loss).isCloseTo(sum / n, offset(1e-5));
        // an all-ones mask is the ordinary mean over every position
        float plain = model.forward(new Activations(CONFIG, B, T), inputs, targets);
        float ones = model.forward(new Activations(CONFIG, B, T), inputs, targets, null, filled(1f));
        assertThat(ones).isCloseTo(plain, offset(1e-6f));
    }

    @Test
    void promptPositionsGetExactlyZeroLogitGradientAndTheirTargetsDoNotMatter() {
        TransformerModel model = new TransformerModel(CONFIG, params);
        Activations acts = new Activations(CONFIG, B, T);
        float loss = model.forward(acts, inputs, targets, null, mask);
        float[] grads = new float[params.length];
        model.backward(acts, grads);
        int v = CONFIG.vocabSize();
        float[] dlogits = acts.probs; // backward leaves d(loss)/d(logits) there
        for (int i = 0; i < B * T; i++) {
            double rowNorm = 0;
            for (int k = 0; k < v; k++) {
                rowNorm += Math.abs(dlogits[i * v + k]);
            }
            if (mask[i] == 0f) {
                assertThat(rowNorm).as("|d loss / d logits| of prompt position %d", i).isZero();
            } else {
                assertThat(rowNorm).as("|d loss / d logits| of response position %d", i).isGreaterThan(0);
            }
        }
        // other targets at the prompt positions: the same loss and the same gradient, bit for bit
        int[] otherTargets = targets.clone();
        for (int i = 0; i < B * T; i++) {
            if (mask[i] == 0f) {
                otherTargets[i] = (targets[i] + 101) % v;
            }
        }
        Activations other = new Activations(CONFIG, B, T);
        float otherLoss = model.forward(other, inputs, otherTargets, null, mask);
        float[] otherGrads = new float[params.length];
        model.backward(other, otherGrads);
        assertThat(otherLoss).isEqualTo(loss);
        assertThat(otherGrads).containsExactly(grads);
    }

    @Test
    void gradientMatchesFiniteDifferencesOfTheMaskedLoss() {
        TransformerModel model = new TransformerModel(CONFIG, params);
        Activations acts = new Activations(CONFIG, B, T);
        model.forward(acts, inputs, targets, null, mask);
        float[] analytic = new float[params.length];
        model.backward(acts, analytic);

        ReferenceModel reference = new ReferenceModel(CONFIG);
        double[] w = GradientCheckTest.toDouble(params);
        assertThat(maskedLoss(reference, w)).isCloseTo(model.forward(new Activations(CONFIG, B, T), inputs, targets,
                null, mask), offset(1e-5));
        double h = 1e-5;
        double diff2 = 0, num2 = 0;
        SplittableRandom pick = new SplittableRandom(17);
        ParameterLayout layout = CONFIG.layout();
        // every parameter after the embeddings (blocks and final LayerNorm), plus a sample of the embeddings
        int first = layout.wpe.offset() + layout.wpe.size();
        for (int i = 0; i < params.length; i++) {
            boolean sampled = i >= first || pick.nextInt(40) == 0;
            if (!sampled) {
                continue;
            }
            double saved = w[i];
            w[i] = saved + h;
            double plus = maskedLoss(reference, w);
            w[i] = saved - h;
            double minus = maskedLoss(reference, w);
            w[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            diff2 += (analytic[i] - numeric) * (analytic[i] - numeric);
            num2 += numeric * numeric;
        }
        assertThat(num2).isGreaterThan(1e-10);
        assertThat(Math.sqrt(diff2 / num2)).as("relative error of the masked-loss gradient").isLessThan(1e-3);
    }

    /** The masked loss from the reference model's double logits: mean -ln p(target) over mask = 1. */
    private static double maskedLoss(ReferenceModel reference, double[] w) {
        double[] logits = reference.logits(w, inputs, B, T);
        int v = CONFIG.vocabSize();
        double sum = 0;
        int n = 0;
        for (int i = 0; i < B * T; i++) {
            if (mask[i] == 0f) {
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < v; k++) {
                max = Math.max(max, logits[i * v + k]);
            }
            double z = 0;
            for (int k = 0; k < v; k++) {
                z += Math.exp(logits[i * v + k] - max);
            }
            sum += max + Math.log(z) - logits[i * v + targets[i]];
            n++;
        }
        return sum / n;
    }

    private static float[] filled(float value) {
        float[] out = new float[B * T];
        java.util.Arrays.fill(out, value);
        return out;
    }
}
