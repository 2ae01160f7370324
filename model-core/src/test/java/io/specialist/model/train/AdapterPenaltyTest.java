package io.specialist.model.train;

import io.specialist.model.LoraAdapter;
import io.specialist.model.LoraConfig;
import io.specialist.model.LoraTarget;
import io.specialist.model.ModelConfig;
import io.specialist.model.TransformerModel;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The full model's penalty carried to an adapter through the merge: analytic gradient against central
 * finite differences of its value, and the closed form of L2-SP (an L2 penalty on s·B·A). Rank 3 on two of
 * the four matrices of block 1 only, so slots, strides and untouched matrices are all exercised.
 */
class AdapterPenaltyTest {

    static final ModelConfig CONFIG = new ModelConfig(257, 8, 8, 2, 2);
    static final LoraConfig LORA = new LoraConfig(3, 5f, EnumSet.of(LoraTarget.QKV, LoraTarget.FCPROJ), List.of(1));

    static LoraAdapter adapter(long seed) {
        LoraAdapter adapter = LoraAdapter.initialize(CONFIG, LORA, seed);
        SplittableRandom random = new SplittableRandom(seed + 1);
        float[] p = adapter.params();
        for (int i = 0; i < p.length; i++) {
            p[i] += (float) (0.4 * (random.nextDouble() - 0.5)); // B is zero at init: give it values
        }
        return adapter;
    }

    static void checkGradient(AdapterPenalty penalty, LoraAdapter adapter) {
        float[] p = adapter.params();
        float[] grads = new float[p.length];
        penalty.addGradient(adapter, grads);
        double h = 1e-3;
        for (int i = 0; i < p.length; i++) {
            float saved = p[i];
            p[i] = (float) (saved + h);
            double hp = p[i] - saved;
            double plus = penalty.value(adapter);
            p[i] = (float) (saved - h);
            double hm = saved - p[i];
            double minus = penalty.value(adapter);
            p[i] = saved;
            double numeric = (plus - minus) / (hp + hm);
            assertThat((double) grads[i]).as("d penalty / d adapter[%d]", i)
                    .isCloseTo(numeric, within(2e-3 * Math.max(1e-2, Math.abs(numeric))));
        }
    }

    @Test
    void l2spOnTheMergedWeightsIsAnL2PenaltyOnTheDelta() {
        float[] base = TransformerModel.initialize(CONFIG, 3).params();
        LoraAdapter adapter = adapter(7);
        AdapterPenalty penalty = new AdapterPenalty(RegularizationPenalty.l2sp(base, 0.7f), base);
        checkGradient(penalty, adapter);

        // (λ/2)·Σ(s·B·A)², computed here from the definition in double precision.
        float[] p = adapter.params();
        double expected = 0;
        for (var slot : adapter.layout().slots()) {
            for (int o = 0; o < slot.out(); o++) {
                for (int i = 0; i < slot.in(); i++) {
                    double d = 0;
                    for (int k = 0; k < LORA.rank(); k++) {
                        d += p[slot.bOffset() + o * LORA.rank() + k] * p[slot.aOffset() + k * slot.in() + i];
                    }
                    d *= LORA.scale();
                    expected += 0.5 * 0.7 * d * d;
                }
            }
        }
        assertThat(expected).isPositive();
        assertThat(penalty.value(adapter)).isCloseTo(expected, within(1e-4 * expected));
    }

    @Test
    void ewcWeighsTheDeltaByTheBaseFisher() {
        float[] base = TransformerModel.initialize(CONFIG, 4).params();
        float[] fisher = new float[base.length];
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < fisher.length; i++) {
            fisher[i] = (float) (3 * random.nextDouble());
        }
        LoraAdapter adapter = adapter(8);
        checkGradient(new AdapterPenalty(RegularizationPenalty.ewc(base, fisher, 1.3f), base), adapter);
    }

    @Test
    void freshAdapterAndNoRegularizerCostNothing() {
        float[] base = TransformerModel.initialize(CONFIG, 5).params();
        // B = 0 at initialisation: the merged weights are the base's, so there is nothing to pull back.
        LoraAdapter fresh = LoraAdapter.initialize(CONFIG, LORA, 1);
        AdapterPenalty l2sp = new AdapterPenalty(RegularizationPenalty.l2sp(base, 1f), base);
        float[] grads = new float[fresh.params().length];
        l2sp.addGradient(fresh, grads);
        assertThat(l2sp.value(fresh)).isZero();
        assertThat(grads).containsOnly(0f);

        LoraAdapter trained = adapter(2);
        AdapterPenalty none = new AdapterPenalty(RegularizationPenalty.none(), base);
        none.addGradient(trained, grads);
        assertThat(none.value(trained)).isZero();
        assertThat(grads).containsOnly(0f);
    }
}
