package io.specialist.model.preference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.specialist.model.ModelConfig;
import io.specialist.model.TransformerModel;
import io.specialist.model.corpus.GeneralCorpus;
import io.specialist.model.eval.Evaluator;
import io.specialist.model.tokenizer.BpeTokenizer;
import io.specialist.model.train.Regularizer;
import io.specialist.model.train.TrainingConfig;
import io.specialist.model.train.TrainingListener;
import io.specialist.model.train.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * DPO on a tiny model learns a preference that depends on the prompt (questions ending in "A?" prefer " yes",
 * those ending in "B?" prefer " no"), which a model that ignores the prompt cannot get more than half right,
 * and it generalises to prompts it never saw; replay keeps general text from getting much worse.
 */
class PreferenceTrainerTest {

    static final BpeTokenizer TOKENIZER = BpeTokenizer.train(GeneralCorpus.train().subList(0, 10), 300);
    static final ModelConfig CONFIG = new ModelConfig(TOKENIZER.vocabSize(), 32, 32, 1, 2);

    @Test
    void learnsAPromptDependentPreferenceAndGeneralisesToHeldOutPrompts() {
        TransformerModel model = TransformerModel.initialize(CONFIG, 5);
        List<PreferencePair> train = pairs(40, 1);
        List<PreferencePair> heldout = pairs(20, 2);
        List<String> general = GeneralCorpus.heldOut().subList(0, 5);
        PairEvaluator.PairScore before = PairEvaluator.evaluate(model, TOKENIZER, heldout, 32);
        double generalBefore = Evaluator.evaluate(model, TOKENIZER, general, 32).bitsPerByte();
        TransformerModel parent = model.copy();

        TrainingConfig t = new TrainingConfig(80, 8, 32, 3e-3f, 0.1f, 5, 0f, 1f, 0.2f, Regularizer.L2SP, 0.01f, 9);
        TrainingResult result = PreferenceTrainer.train(model, TOKENIZER, train, GeneralCorpus.train(),
                new PreferenceConfig(t, 0.5, 1.0), TrainingListener.NONE, () -> false, null);

        PairEvaluator.PairScore after = PairEvaluator.evaluate(model, TOKENIZER, heldout, 32);
        assertThat(result.stepsCompleted()).isEqualTo(80);
        assertThat(before.accuracy()).isLessThanOrEqualTo(0.75);
        assertThat(after.accuracy()).as("held-out pair accuracy %s -> %s", before.accuracy(), after.accuracy())
                .isGreaterThanOrEqualTo(0.95);
        assertThat(after.meanMargin()).isGreaterThan(before.meanMargin());
        // an untrained model's general bits/byte can only get better from replay; it must not blow up
        double generalAfter = Evaluator.evaluate(model, TOKENIZER, general, 32).bitsPerByte();
        assertThat(generalAfter).isLessThan(generalBefore * 1.05);
        // the parent (the reference) was copied before training and is a different model now
        assertThat(PairEvaluator.evaluate(parent, TOKENIZER, heldout, 32).correct()).isEqualTo(before.correct());
    }

    @Test
    void theSameSeedGivesTheSameRunAndBadInputIsRefused() {
        TrainingConfig t = new TrainingConfig(3, 4, 32, 1e-3f, 0.1f, 1, 0f, 1f, 0.25f, Regularizer.NONE, 0f, 4);
        float[][] out = new float[2][];
        for (int run = 0; run < 2; run++) {
            TransformerModel m = TransformerModel.initialize(CONFIG, 5);
            PreferenceTrainer.train(m, TOKENIZER, pairs(10, 3), GeneralCorpus.train(), new PreferenceConfig(t, 0.1, 1),
                    TrainingListener.NONE, () -> false, null);
            out[run] = m.params();
        }
        assertThat(out[0]).isEqualTo(out[1]);
        TransformerModel m = TransformerModel.initialize(CONFIG, 5);
        assertThatThrownBy(() -> PreferenceTrainer.train(m, TOKENIZER, List.of(), List.of(),
                new PreferenceConfig(t, 0.1, 1), TrainingListener.NONE, () -> false, null))
                .hasMessageContaining("no preference pairs");
        assertThatThrownBy(() -> new PreferenceConfig(t, 0, 1)).hasMessageContaining("beta must be positive");
        assertThatThrownBy(() -> new PreferencePair("p", "", "x")).hasMessageContaining("must not be empty");
    }

    /** Prompts "...word word A?" prefer " yes." over " no.", "...B?" the opposite; half of each. */
    static List<PreferencePair> pairs(int n, long seed) {
        String[] words = {"the", "river", "stone", "open", "light", "city", "paper", "green", "small", "house",
                "clock", "table", "north", "winter", "bread", "music"};
        SplittableRandom random = new SplittableRandom(seed);
        List<PreferencePair> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String prompt = words[random.nextInt(words.length)] + " " + words[random.nextInt(words.length)] + " "
                    + words[random.nextInt(words.length)];
            boolean a = i % 2 == 0;
            out.add(a ? new PreferencePair(prompt + " A?", " yes.", " no.")
                    : new PreferencePair(prompt + " B?", " no.", " yes."));
        }
        return out;
    }
}
