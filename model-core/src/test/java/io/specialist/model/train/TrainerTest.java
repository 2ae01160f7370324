package io.specialist.model.train;

import io.specialist.model.ModelConfig;
import io.specialist.model.TransformerModel;
import io.specialist.model.eval.Evaluator;
import io.specialist.model.tokenizer.BpeTokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainerTest {

    static List<String> domain;
    static List<String> general;
    static BpeTokenizer tok;
    static ModelConfig config;

    @BeforeAll
    static void data() {
        domain = new ArrayList<>();
        general = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            domain.add("def f" + i + "(x):\n    return x * " + i + "\n");
            general.add("The cat sat on the mat number " + i + ". The dog did not.");
        }
        List<String> all = new ArrayList<>(domain);
        all.addAll(general);
        tok = BpeTokenizer.train(all, 300);
        config = new ModelConfig(tok.vocabSize(), 32, 32, 1, 2);
    }

    static TrainingConfig cfg(int steps) {
        return new TrainingConfig(steps, 4, 32, 3e-3f, 0.1f, 5, 0.01f, 1f, 0.25f, Regularizer.NONE, 0f, 99);
    }

    @Test
    void lossFallsOnRepetitiveText() {
        TransformerModel model = TransformerModel.initialize(config, 1);
        double before = Evaluator.evaluate(model, tok, domain).bitsPerByte();
        List<Float> losses = new ArrayList<>();
        TrainingResult result = Trainer.train(model, tok, domain, general, cfg(80),
                (step, total, loss, lr, tps, eta) -> losses.add(loss), () -> false);
        double after = Evaluator.evaluate(model, tok, domain).bitsPerByte();
        assertThat(result.stepsCompleted()).isEqualTo(80);
        assertThat(result.cancelled()).isFalse();
        assertThat(losses).hasSize(80);
        assertThat(result.finalLoss()).isLessThan(losses.get(0) * 0.6);
        assertThat(after).isLessThan(before * 0.6);
        assertThat(result.tokensPerSecond()).isPositive();
        assertThat(result.optimizerState().step()).isEqualTo(80);
    }

    @Test
    void sameSeedSameWeightsBitForBit() {
        TransformerModel a = TransformerModel.initialize(config, 5);
        TransformerModel b = TransformerModel.initialize(config, 5);
        TrainingConfig c = cfg(12).withRegularizer(Regularizer.EWC, 0.5f);
        Trainer.train(a, tok, domain, general, c, TrainingListener.NONE, () -> false);
        Trainer.train(b, tok, domain, general, c, TrainingListener.NONE, () -> false);
        assertThat(b.params()).containsExactly(a.params());
        TransformerModel other = TransformerModel.initialize(config, 5);
        Trainer.train(other, tok, domain, general, c.withSeed(6), TrainingListener.NONE, () -> false);
        assertThat(other.params()).isNotEqualTo(a.params());
    }

    @Test
    void cancellationStopsAtTheNextStep() {
        TransformerModel model = TransformerModel.initialize(config, 1);
        AtomicInteger seen = new AtomicInteger();
        TrainingResult result = Trainer.train(model, tok, domain, general, cfg(50),
                (step, total, loss, lr, tps, eta) -> seen.set(step), () -> seen.get() >= 3);
        assertThat(result.cancelled()).isTrue();
        assertThat(result.stepsCompleted()).isEqualTo(3);
        assertThat(result.totalSteps()).isEqualTo(50);
    }

    @Test
    void l2spKeepsWeightsCloserToTheParent() {
        TransformerModel parent = TransformerModel.initialize(config, 3);
        Trainer.train(parent, tok, general, List.of(), cfg(30).withReplayFraction(0f), TrainingListener.NONE, () -> false);
        TransformerModel free = parent.copy();
        TransformerModel held = parent.copy();
        TrainingConfig ft = cfg(30).withReplayFraction(0f);
        Trainer.train(free, tok, domain, general, ft, TrainingListener.NONE, () -> false);
        Trainer.train(held, tok, domain, general, ft.withRegularizer(Regularizer.L2SP, 50f), TrainingListener.NONE, () -> false);
        assertThat(distance(held.params(), parent.params())).isLessThan(distance(free.params(), parent.params()));
    }

    @Test
    void ewcWithoutFisherOrGeneralTextIsRefused() {
        TransformerModel model = TransformerModel.initialize(config, 1);
        TrainingConfig c = cfg(5).withReplayFraction(0f).withRegularizer(Regularizer.EWC, 1f);
        assertThatThrownBy(() -> Trainer.train(model, tok, domain, List.of(), c, TrainingListener.NONE, () -> false))
                .hasMessageContaining("EWC needs the parent's Fisher");
    }

    @Test
    void fisherIsNormalisedAndPositive() {
        TransformerModel model = TransformerModel.initialize(config, 1);
        float[] fisher = FisherEstimator.estimate(model, tok, general, 32, 4, 1);
        double mean = 0;
        for (float f : fisher) {
            assertThat(f).isGreaterThanOrEqualTo(0f);
            mean += f;
        }
        assertThat(mean / fisher.length).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
    }

    static double distance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }
}
