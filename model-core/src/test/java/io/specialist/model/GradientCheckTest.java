package io.specialist.model;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written backward pass against central finite differences of an independent
 * double-precision forward pass ({@link ReferenceModel}), for every parameter tensor of a tiny model:
 * every element, except that of the (257 x C) token embedding we check the rows of the tokens in the
 * batch (embedding and output-head paths) plus 24 other rows (output-head path only), which keeps the
 * test to a few seconds. The config is chosen to hit the vector tiles and the scalar tails of the
 * matmul kernel (B*T = 10 rows, T = 5, 3C = 24 and V = 257 columns); MatMulTest covers the kernel
 * itself on many more shapes.
 *
 * <p>Tolerance: the analytic gradient is computed in float, the numerical one in double, so we ask
 * for a relative error per tensor, ||g_analytic - g_numeric|| / ||g_numeric||, below 1e-3.
 */
class GradientCheckTest {

    static final ModelConfig CONFIG = new ModelConfig(257, 8, 8, 2, 2);
    static final int B = 2;
    static final int T = 5;

    static float[] params;
    static int[] inputs;
    static int[] targets;
    static float[] analytic;
    static float loss;

    @BeforeAll
    static void computeAnalyticGradient() {
        SplittableRandom random = new SplittableRandom(7);
        TransformerModel init = TransformerModel.initialize(CONFIG, 11);
        params = init.params();
        // Move away from the symmetric initial point (LN scales 1, zero biases, tiny weights) so every
        // term of the backward pass carries signal.
        for (int i = 0; i < params.length; i++) {
            params[i] += (float) (0.3 * (random.nextDouble() - 0.5));
        }
        inputs = new int[B * T];
        targets = new int[B * T];
        for (int i = 0; i < B * T; i++) {
            inputs[i] = random.nextInt(CONFIG.vocabSize());
            targets[i] = random.nextInt(CONFIG.vocabSize());
        }
        inputs[3] = inputs[1]; // a repeated token exercises the embedding-gradient accumulation
        TransformerModel model = new TransformerModel(CONFIG, params);
        Activations acts = new Activations(CONFIG, B, T);
        loss = model.forward(acts, inputs, targets);
        analytic = new float[params.length];
        model.backward(acts, analytic);
    }

    @Test
    void floatForwardMatchesDoubleReference() {
        double[] w = toDouble(params);
        double ref = new ReferenceModel(CONFIG).loss(w, inputs, targets, B, T);
        assertThat((double) loss).isCloseTo(ref, org.assertj.core.data.Offset.offset(1e-5 * Math.abs(ref)));

        float[] logits = new TransformerModel(CONFIG, params).logits(inputs, B, T);
        double[] refLogits = new ReferenceModel(CONFIG).logits(w, inputs, B, T);
        for (int i = 0; i < logits.length; i++) {
            assertThat((double) logits[i]).as("logit %d", i).isCloseTo(refLogits[i], org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void everyParameterTensorMatchesFiniteDifferences() {
        ReferenceModel reference = new ReferenceModel(CONFIG);
        double[] w = toDouble(params);
        double h = 1e-5;
        StringBuilder report = new StringBuilder();
        double worst = 0;
        java.util.Set<Integer> checkedRows = new java.util.HashSet<>();
        for (int i = 0; i < B * T; i++) {
            checkedRows.add(inputs[i]);
            checkedRows.add(targets[i]);
        }
        for (int row = 0; checkedRows.size() < 2 * B * T + 24 && row < CONFIG.vocabSize(); row += 7) {
            checkedRows.add(row);
        }
        for (ParameterLayout.Tensor tensor : CONFIG.layout().tensors()) {
            double diff2 = 0, num2 = 0;
            for (int i = tensor.offset(); i < tensor.offset() + tensor.size(); i++) {
                if (tensor == CONFIG.layout().wte && !checkedRows.contains((i - tensor.offset()) / CONFIG.dModel())) {
                    continue;
                }
                double saved = w[i];
                w[i] = saved + h;
                double plus = reference.loss(w, inputs, targets, B, T);
                w[i] = saved - h;
                double minus = reference.loss(w, inputs, targets, B, T);
                w[i] = saved;
                double numeric = (plus - minus) / (2 * h);
                diff2 += (analytic[i] - numeric) * (analytic[i] - numeric);
                num2 += numeric * numeric;
            }
            double rel = Math.sqrt(diff2) / Math.sqrt(num2);
            worst = Math.max(worst, rel);
            report.append(String.format("%-9s |g|=%.3e rel.err=%.2e%n", tensor.name(), Math.sqrt(num2), rel));
            assertThat(num2).as("gradient of %s should not vanish", tensor.name()).isGreaterThan(1e-12);
        }
        System.out.print(report);
        assertThat(worst).as("worst relative error per tensor:%n%s", report).isLessThan(1e-3);
    }

    static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
