package io.specialist.model.train;

import io.specialist.model.ModelConfig;
import io.specialist.model.ParameterLayout;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OptimizerTest {

    static final ParameterLayout LAYOUT = new ModelConfig(257, 4, 8, 1, 2).layout();

    @Test
    void adamWFirstStepMovesByLearningRateTimesSign() {
        float[] params = new float[LAYOUT.size()];
        float[] grads = new float[LAYOUT.size()];
        int w = LAYOUT.qkvw.offset();
        int b = LAYOUT.qkvb.offset();
        params[w] = 1f;
        params[b] = 1f;
        grads[w] = 0.5f;
        grads[b] = -2f;
        AdamW adam = new AdamW(LAYOUT);
        adam.update(params, grads, 0.1f, 0.5f);
        // Bias-corrected first step: m̂ = g, v̂ = g², so the update is lr·sign(g) (+ decay on weights only).
        assertThat(params[w]).isCloseTo(1f - 0.1f * (1f + 0.5f * 1f), within(1e-6f));
        assertThat(params[b]).isCloseTo(1f + 0.1f, within(1e-6f));
        assertThat(adam.stepCount()).isEqualTo(1);
    }

    @Test
    void adamWStateRoundTripContinuesIdentically() {
        float[] p1 = new float[LAYOUT.size()];
        float[] g = new float[LAYOUT.size()];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) Math.sin(i);
        }
        AdamW a = new AdamW(LAYOUT);
        a.update(p1, g, 0.01f, 0.1f);
        float[] p2 = p1.clone();
        AdamW resumed = new AdamW(LAYOUT, a.state());
        a.update(p1, g, 0.01f, 0.1f);
        resumed.update(p2, g, 0.01f, 0.1f);
        assertThat(p2).containsExactly(p1);
    }

    @Test
    void clippingScalesToMaxNorm() {
        float[] g = {3f, 4f};
        assertThat(GradientClipping.clip(g, 1f)).isEqualTo(5.0);
        assertThat(GradientClipping.globalNorm(g)).isCloseTo(1.0, within(1e-6));
        float[] small = {0.3f, 0.4f};
        GradientClipping.clip(small, 1f);
        assertThat(small).containsExactly(0.3f, 0.4f);
    }

    @Test
    void scheduleWarmsUpThenDecaysToTheFloor() {
        LearningRateSchedule s = new LearningRateSchedule(1f, 0.1f, 10, 110);
        assertThat(s.at(0)).isCloseTo(0.1f, within(1e-6f));
        assertThat(s.at(9)).isCloseTo(1f, within(1e-6f));
        assertThat(s.at(10)).isCloseTo(1f, within(1e-6f));
        assertThat(s.at(60)).isCloseTo(0.55f, within(0.01f));
        assertThat(s.at(109)).isCloseTo(0.1f, within(1e-6f));
        for (int i = 11; i < 110; i++) {
            assertThat(s.at(i)).isLessThanOrEqualTo(s.at(i - 1));
        }
        // Continued training gets a fresh schedule: it starts low again.
        LearningRateSchedule again = LearningRateSchedule.of(TrainingConfig.fineTuning(50, 1, 8, Regularizer.NONE, 0, 0));
        assertThat(again.at(0)).isLessThan(again.at(again.warmupSteps() - 1));
    }

    @Test
    void configRejectsNonsense() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrainingConfig.pretraining(0, 1, 8))
                .hasMessageContaining("steps must be at least 1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrainingConfig.pretraining(10, 1, 8).withReplayFraction(1.5f))
                .hasMessageContaining("replayFraction must be in [0, 1]");
    }
}
