package io.specialist.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.specialist.model.preference.DpoLoss;
import io.specialist.model.preference.PreferenceTrainer;
import io.specialist.model.preference.ResponseRows;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DPO loss and its hand-written gradient ({@link PreferenceTrainer#lossAndGradient}: the model's backward
 * with per-position weights) against a direct double-precision computation with {@link ReferenceModel}: the
 * loss value, and central finite differences for every parameter of a tiny policy. The reference model is a
 * different set of weights whose log-probabilities enter as constants; it must come out untouched.
 */
class DpoGradientCheckTest {

    static final ModelConfig CONFIG = new ModelConfig(257, 8, 8, 2, 2);
    static final int PAIRS = 2;
    static final int T = 8;
    static final double BETA = 0.7;

    static float[] policyParams;
    static float[] referenceParams;
    static float[] referenceBefore;
    static ResponseRows rows;
    static double[] referenceLogProbs;
    static float[] analytic;
    static double loss;

    @BeforeAll
    static void computeAnalyticGradient() {
        SplittableRandom random = new SplittableRandom(3);
        policyParams = perturbed(TransformerModel.initialize(CONFIG, 11).params(), random, 0.3);
        referenceParams = perturbed(policyParams, random, 0.2);
        referenceBefore = referenceParams.clone();
        // rows 0..1 chosen, 2..3 rejected, same prompts; row 1's prompt is long enough to be cut
        int[][] prompts = {tokens(random, 2), tokens(random, 7), null, null};
        prompts[2] = prompts[0];
        prompts[3] = prompts[1];
        int[][] responses = {tokens(random, 3), tokens(random, 4), tokens(random, 4), tokens(random, 2)};
        rows = ResponseRows.pack(prompts, responses, T, 256);
        referenceLogProbs = rows.logProbs(new TransformerModel(CONFIG, referenceParams));
        TransformerModel policy = new TransformerModel(CONFIG, policyParams);
        analytic = new float[policyParams.length];
        loss = PreferenceTrainer.lossAndGradient(policy, new Activations(CONFIG, 2 * PAIRS, T), rows,
                referenceLogProbs, BETA, analytic);
    }

    @Test
    void packingCountsOnlyResponseTokens() {
        // row 0: [EOT] p p r r r  -> targets at positions 2..4 are the response
        boolean[] mask = rows.mask();
        assertThat(rows.responseTokens(0)).isEqualTo(3);
        assertThat(mask[0]).isFalse();
        assertThat(mask[1]).isFalse();
        assertThat(mask[2]).isTrue();
        assertThat(mask[4]).isTrue();
        assertThat(mask[5]).isFalse();
        // row 1: prompt of 7 + response of 4 > T = 8: the response keeps max(T/2, T-7) = 4, the prompt its last 4
        assertThat(rows.responseTokens(1)).isEqualTo(4);
        assertThat(rows.responseTokens(3)).isEqualTo(2);
    }

    @Test
    void lossMatchesADirectDoublePrecisionComputation() {
        double direct = directLoss(toDouble(policyParams));
        assertThat(loss).isCloseTo(direct, Offset.offset(1e-5 * Math.max(1, Math.abs(direct))));
        // the stable form equals the textbook -log(sigmoid(z)) where the latter is accurate
        for (double z : new double[] {-5, -0.3, 0, 0.4, 6}) {
            assertThat(DpoLoss.loss(z)).isCloseTo(-Math.log(1 / (1 + Math.exp(-z))), Offset.offset(1e-12));
            assertThat(DpoLoss.weight(z)).isCloseTo(1 / (1 + Math.exp(z)), Offset.offset(1e-12));
        }
        assertThat(DpoLoss.loss(-800)).isCloseTo(800, Offset.offset(1e-9));
    }

    @Test
    void gradientMatchesFiniteDifferencesAndTheReferenceIsUntouched() {
        double[] w = toDouble(policyParams);
        double h = 1e-5;
        double diff2 = 0, num2 = 0;
        StringBuilder report = new StringBuilder();
        double worst = 0;
        for (ParameterLayout.Tensor tensor : CONFIG.layout().tensors()) {
            double tDiff2 = 0, tNum2 = 0;
            for (int i = tensor.offset(); i < tensor.offset() + tensor.size(); i++) {
                double saved = w[i];
                w[i] = saved + h;
                double plus = directLoss(w);
                w[i] = saved - h;
                double minus = directLoss(w);
                w[i] = saved;
                double numeric = (plus - minus) / (2 * h);
                tDiff2 += (analytic[i] - numeric) * (analytic[i] - numeric);
                tNum2 += numeric * numeric;
            }
            diff2 += tDiff2;
            num2 += tNum2;
            if (tNum2 > 1e-14) {
                double rel = Math.sqrt(tDiff2 / tNum2);
                worst = Math.max(worst, rel);
                report.append(String.format("%-9s |g|=%.3e rel.err=%.2e%n", tensor.name(), Math.sqrt(tNum2), rel));
            }
        }
        System.out.print(report);
        assertThat(num2).as("the DPO gradient must not vanish").isGreaterThan(1e-10);
        assertThat(Math.sqrt(diff2 / num2)).as("overall relative error%n%s", report).isLessThan(1e-3);
        assertThat(worst).as("worst relative error per tensor%n%s", report).isLessThan(5e-3);
        assertThat(referenceParams).as("the frozen reference's weights").isEqualTo(referenceBefore);
    }

    /** The mean DPO loss of the batch from double-precision logits; reference log-probs are constants. */
    static double directLoss(double[] w) {
        int rowsCount = 2 * PAIRS;
        double[] logits = new ReferenceModel(CONFIG).logits(w, rows.inputs(), rowsCount, T);
        int[] targets = rows.targets();
        boolean[] mask = rows.mask();
        int v = CONFIG.vocabSize();
        double[] logp = new double[rowsCount];
        for (int p = 0; p < rowsCount * T; p++) {
            if (!mask[p]) {
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < v; k++) {
                max = Math.max(max, logits[p * v + k]);
            }
            double sum = 0;
            for (int k = 0; k < v; k++) {
                sum += Math.exp(logits[p * v + k] - max);
            }
            logp[p / T] += logits[p * v + targets[p]] - max - Math.log(sum);
        }
        double total = 0;
        for (int i = 0; i < PAIRS; i++) {
            double z = BETA * ((logp[i] - referenceLogProbs[i]) - (logp[PAIRS + i] - referenceLogProbs[PAIRS + i]));
            total += -Math.log(1 / (1 + Math.exp(-z)));
        }
        return total / PAIRS;
    }

    static float[] perturbed(float[] base, SplittableRandom random, double scale) {
        float[] out = base.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += (float) (scale * (random.nextDouble() - 0.5));
        }
        return out;
    }

    static int[] tokens(SplittableRandom random, int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = random.nextInt(256);
        }
        return t;
    }

    static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
