package io.specialist.model.train;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Each penalty's analytic gradient against central finite differences of its value. */
class RegularizationPenaltyTest {

    static final int P = 200;

    static float[] random(SplittableRandom r, float scale, boolean positive) {
        float[] a = new float[P];
        for (int i = 0; i < P; i++) {
            a[i] = (float) (positive ? scale * r.nextDouble() : scale * (r.nextDouble() - 0.5));
        }
        return a;
    }

    static void checkGradient(RegularizationPenalty penalty, float[] params) {
        float[] grads = new float[P];
        penalty.addGradient(params, grads);
        double h = 1e-2; // the penalty is quadratic, so central differences are exact up to rounding
        for (int i = 0; i < P; i++) {
            float saved = params[i];
            params[i] = (float) (saved + h);
            double plus = penalty.value(params);
            double hp = params[i] - saved;
            params[i] = (float) (saved - h);
            double minus = penalty.value(params);
            double hm = saved - params[i];
            params[i] = saved;
            double numeric = (plus - minus) / (hp + hm);
            assertThat((double) grads[i]).as("d penalty / d theta[%d]", i)
                    .isCloseTo(numeric, within(1e-4 * Math.max(1, Math.abs(numeric))));
        }
    }

    @Test
    void l2spGradientMatchesFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(1);
        float[] parent = random(r, 1f, false);
        float[] params = random(r, 1f, false);
        RegularizationPenalty penalty = RegularizationPenalty.l2sp(parent, 0.7f);
        checkGradient(penalty, params);
        double expected = 0;
        for (int i = 0; i < P; i++) {
            expected += 0.5 * 0.7 * (params[i] - parent[i]) * (params[i] - parent[i]);
        }
        assertThat(penalty.value(params)).isCloseTo(expected, within(1e-6 * expected));
        assertThat(penalty.value(parent)).isZero();
    }

    @Test
    void ewcGradientMatchesFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(2);
        float[] parent = random(r, 1f, false);
        float[] params = random(r, 1f, false);
        float[] fisher = random(r, 3f, true);
        RegularizationPenalty penalty = RegularizationPenalty.ewc(parent, fisher, 1.3f);
        checkGradient(penalty, params);
        // A weight with zero Fisher is free to move.
        fisher[5] = 0f;
        RegularizationPenalty free = RegularizationPenalty.ewc(parent, fisher, 1.3f);
        float[] grads = new float[P];
        free.addGradient(params, grads);
        assertThat(grads[5]).isZero();
    }

    @Test
    void noneIsZero() {
        SplittableRandom r = new SplittableRandom(3);
        float[] params = random(r, 1f, false);
        float[] grads = new float[P];
        RegularizationPenalty none = RegularizationPenalty.none();
        none.addGradient(params, grads);
        assertThat(none.value(params)).isZero();
        assertThat(grads).containsOnly(0f);
    }

    @Test
    void anchorIsCopied() {
        float[] parent = new float[P];
        RegularizationPenalty penalty = RegularizationPenalty.l2sp(parent, 1f);
        parent[0] = 5f; // the model trains in place; the anchor must not follow it
        float[] params = new float[P];
        assertThat(penalty.value(params)).isZero();
    }
}
