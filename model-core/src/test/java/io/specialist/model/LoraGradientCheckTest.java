package io.specialist.model;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The hand-written adapter backward pass against central finite differences. The oracle is
 * independent of the adapter code path: it merges W + (alpha/r)·B·A in double precision and runs
 * {@link ReferenceModel} (a naive double forward) on the merged weights, so it checks the adapted
 * forward pass and every adapter gradient element at once. Rank 3 with C = 8 and B*T = 10 rows hits
 * the scalar tails of the matmul kernel.
 */
class LoraGradientCheckTest {

    static final ModelConfig CONFIG = GradientCheckTest.CONFIG; // V 257, T 8, C 8, L 2, NH 2
    static final LoraConfig LORA = new LoraConfig(3, 5f, EnumSet.allOf(LoraTarget.class), List.of());
    static final int B = 2;
    static final int T = 5;

    static float[] base;
    static LoraAdapter adapter;
    static int[] inputs;
    static int[] targets;

    @BeforeAll
    static void setUp() {
        SplittableRandom random = new SplittableRandom(3);
        base = TransformerModel.initialize(CONFIG, 11).params();
        for (int i = 0; i < base.length; i++) {
            base[i] += (float) (0.3 * (random.nextDouble() - 0.5));
        }
        adapter = LoraAdapter.initialize(CONFIG, LORA, 5);
        // B starts at zero; give it values so the gradient of A is not zero too.
        float[] a = adapter.params();
        for (int i = 0; i < a.length; i++) {
            a[i] += (float) (0.2 * (random.nextDouble() - 0.5));
        }
        inputs = new int[B * T];
        targets = new int[B * T];
        for (int i = 0; i < B * T; i++) {
            inputs[i] = random.nextInt(CONFIG.vocabSize());
            targets[i] = random.nextInt(CONFIG.vocabSize());
        }
    }

    @Test
    void adaptedForwardEqualsReferenceOnMergedWeights() {
        TransformerModel model = new TransformerModel(CONFIG, base);
        Activations acts = new Activations(CONFIG, B, T);
        float loss = model.forward(acts, inputs, targets, adapter);
        double ref = new ReferenceModel(CONFIG).loss(mergedDouble(adapter.params()), inputs, targets, B, T);
        assertThat((double) loss).isCloseTo(ref, within(1e-5 * Math.abs(ref)));
        // And the float merge gives the same logits as the unmerged adapter path.
        float[] viaAdapter = model.logits(inputs, B, T, adapter);
        float[] viaMerge = adapter.mergeInto(model).logits(inputs, B, T);
        for (int i = 0; i < viaAdapter.length; i++) {
            assertThat(viaMerge[i]).as("logit %d", i).isCloseTo(viaAdapter[i], within(1e-5f));
        }
    }

    @Test
    void adapterGradientMatchesFiniteDifferencesPerSlot() {
        TransformerModel model = new TransformerModel(CONFIG, base);
        Activations acts = new Activations(CONFIG, B, T);
        model.forward(acts, inputs, targets, adapter);
        float[] analytic = new float[adapter.params().length];
        model.backward(acts, null, adapter, analytic);

        ReferenceModel reference = new ReferenceModel(CONFIG);
        double[] p = GradientCheckTest.toDouble(adapter.params());
        double h = 1e-5;
        StringBuilder report = new StringBuilder();
        double worst = 0;
        for (LoraLayout.Slot s : adapter.layout().slots()) {
            int r = LORA.rank();
            int[][] ranges = {{s.aOffset(), s.aOffset() + r * s.in()}, {s.bOffset(), s.bOffset() + s.out() * r}};
            for (int m = 0; m < 2; m++) {
                double diff2 = 0, num2 = 0;
                for (int i = ranges[m][0]; i < ranges[m][1]; i++) {
                    double saved = p[i];
                    p[i] = saved + h;
                    double plus = reference.loss(merged(p), inputs, targets, B, T);
                    p[i] = saved - h;
                    double minus = reference.loss(merged(p), inputs, targets, B, T);
                    p[i] = saved;
                    double numeric = (plus - minus) / (2 * h);
                    diff2 += (analytic[i] - numeric) * (analytic[i] - numeric);
                    num2 += numeric * numeric;
                }
                double rel = Math.sqrt(diff2) / Math.sqrt(num2);
                worst = Math.max(worst, rel);
                String name = s.target().id() + "[" + s.layer() + "]." + (m == 0 ? "A" : "B");
                report.append(String.format("%-12s |g|=%.3e rel.err=%.2e%n", name, Math.sqrt(num2), rel));
                assertThat(num2).as("gradient of %s should not vanish", name).isGreaterThan(1e-12);
            }
        }
        System.out.print(report);
        assertThat(worst).as("worst relative error per adapter matrix:%n%s", report).isLessThan(1e-3);
    }

    @Test
    void frozenBaseBackwardLeavesTheFullGradientPathIntact() {
        // The input gradients through frozen layers must equal those of an unfrozen pass: compare
        // the adapter gradient with and without base gradients being accumulated.
        TransformerModel model = new TransformerModel(CONFIG, base);
        Activations acts = new Activations(CONFIG, B, T);
        model.forward(acts, inputs, targets, adapter);
        float[] frozen = new float[adapter.params().length];
        model.backward(acts, null, adapter, frozen);
        model.forward(acts, inputs, targets, adapter);
        float[] both = new float[adapter.params().length];
        model.backward(acts, new float[base.length], adapter, both);
        assertThat(both).containsExactly(frozen);
    }

    @Test
    void onlyChosenLayersAndTargetsAreAdapted() {
        LoraConfig partial = new LoraConfig(2, 4f, EnumSet.of(LoraTarget.QKV, LoraTarget.FC), List.of(1));
        LoraLayout layout = new LoraLayout(CONFIG, partial);
        int c = CONFIG.dModel();
        assertThat(layout.slots()).hasSize(2);
        assertThat(layout.slot(LoraTarget.QKV, 0)).isNull();
        assertThat(layout.slot(LoraTarget.ATTPROJ, 1)).isNull();
        assertThat(layout.slot(LoraTarget.FC, 1)).isNotNull();
        assertThat(layout.size()).isEqualTo(2 * (c + 3 * c) + 2 * (c + 4 * c));
        assertThatThrownBy(() -> new LoraLayout(CONFIG, new LoraConfig(2, 4f, EnumSet.of(LoraTarget.FC), List.of(2))))
                .hasMessageContaining("adapter layer 2 does not exist");
        assertThatThrownBy(() -> new LoraLayout(CONFIG, new LoraConfig(9, 4f, EnumSet.of(LoraTarget.FC), List.of())))
                .hasMessageContaining("exceeds the model width");
    }

    @Test
    void freshAdapterLeavesTheBaseFunctionUnchanged() {
        TransformerModel model = new TransformerModel(CONFIG, base);
        LoraAdapter fresh = LoraAdapter.initialize(CONFIG, LORA, 1);
        assertThat(model.logits(inputs, B, T, fresh)).containsExactly(model.logits(inputs, B, T));
        assertThat(fresh.mergeInto(model).params()).containsExactly(base);
    }

    private static double[] mergedDouble(float[] adapterParams) {
        return merged(GradientCheckTest.toDouble(adapterParams));
    }

    /** Base weights with W += (alpha/r)·B·A in double, written from the definition. */
    private static double[] merged(double[] a) {
        double[] w = GradientCheckTest.toDouble(base);
        ParameterLayout p = CONFIG.layout();
        int r = LORA.rank();
        for (LoraLayout.Slot s : adapter.layout().slots()) {
            int off = ParameterLayout.layerOffset(s.target().weight(p), s.layer());
            for (int o = 0; o < s.out(); o++) {
                for (int i = 0; i < s.in(); i++) {
                    double sum = 0;
                    for (int k = 0; k < r; k++) {
                        sum += a[s.bOffset() + o * r + k] * a[s.aOffset() + k * s.in() + i];
                    }
                    w[off + o * s.in() + i] += LORA.scale() * sum;
                }
            }
        }
        return w;
    }
}
