package io.specialist.model.train;

import io.specialist.model.LoraAdapter;
import io.specialist.model.LoraConfig;
import io.specialist.model.TransformerModel;
import io.specialist.model.eval.Evaluator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Adapter training reuses TrainerTest's tiny data and shape. */
class AdapterTrainingTest {

    static {
        TrainerTest.data();
    }

    @Test
    void trainsOnlyTheAdapterAndLearnsTheDomain() {
        TransformerModel base = TransformerModel.initialize(TrainerTest.config, 1);
        Trainer.train(base, TrainerTest.tok, TrainerTest.general, List.of(),
                TrainerTest.cfg(40).withReplayFraction(0f), TrainingListener.NONE, () -> false);
        float[] frozen = base.params().clone();
        LoraAdapter adapter = LoraAdapter.initialize(TrainerTest.config, LoraConfig.defaults(), 2);
        double before = Evaluator.evaluate(base, TrainerTest.tok, TrainerTest.domain).bitsPerByte();

        TrainingResult result = Trainer.trainAdapter(base, adapter, TrainerTest.tok, TrainerTest.domain,
                TrainerTest.general, TrainerTest.cfg(80).withLearningRate(1e-2f), TrainingListener.NONE, () -> false);

        assertThat(base.params()).containsExactly(frozen);
        assertThat(result.stepsCompleted()).isEqualTo(80);
        assertThat(result.optimizerState().m()).hasSize(adapter.params().length);
        double after = Evaluator.evaluate(adapter.mergeInto(base), TrainerTest.tok, TrainerTest.domain).bitsPerByte();
        assertThat(after).isLessThan(before * 0.9);
    }

    @Test
    void theRegularizerPullsTheMergedWeightsTowardTheBase() {
        TransformerModel base = TransformerModel.initialize(TrainerTest.config, 5);
        LoraAdapter free = LoraAdapter.initialize(TrainerTest.config, LoraConfig.defaults(), 2);
        LoraAdapter held = LoraAdapter.initialize(TrainerTest.config, LoraConfig.defaults(), 2);
        TrainingConfig cfg = TrainerTest.cfg(20).withLearningRate(1e-2f);
        Trainer.trainAdapter(base, free, TrainerTest.tok, TrainerTest.domain, TrainerTest.general,
                cfg.withRegularizer(Regularizer.L2SP, 0f), TrainingListener.NONE, () -> false);
        Trainer.trainAdapter(base, held, TrainerTest.tok, TrainerTest.domain, TrainerTest.general,
                cfg.withRegularizer(Regularizer.L2SP, 5f), TrainingListener.NONE, () -> false);
        // ||s·B·A||² of each, as the L2-SP penalty at the merged weights measures it (λ = 2 gives the plain sum)
        AdapterPenalty size = new AdapterPenalty(RegularizationPenalty.l2sp(base.params(), 2f), base.params());
        assertThat(size.value(free)).isPositive();
        assertThat(size.value(held)).isLessThan(0.5 * size.value(free));
    }

    @Test
    void sameSeedSameAdapterBitForBit() {
        TransformerModel base = TransformerModel.initialize(TrainerTest.config, 4);
        LoraAdapter a = LoraAdapter.initialize(TrainerTest.config, LoraConfig.defaults(), 2);
        LoraAdapter b = LoraAdapter.initialize(TrainerTest.config, LoraConfig.defaults(), 2);
        Trainer.trainAdapter(base, a, TrainerTest.tok, TrainerTest.domain, TrainerTest.general, TrainerTest.cfg(8),
                TrainingListener.NONE, () -> false);
        Trainer.trainAdapter(base, b, TrainerTest.tok, TrainerTest.domain, TrainerTest.general, TrainerTest.cfg(8),
                TrainingListener.NONE, () -> false);
        assertThat(b.params()).containsExactly(a.params());
    }
}
