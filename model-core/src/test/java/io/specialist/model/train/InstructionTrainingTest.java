package io.specialist.model.train;

import io.specialist.model.LoraAdapter;
import io.specialist.model.LoraConfig;
import io.specialist.model.ModelConfig;
import io.specialist.model.TransformerModel;
import io.specialist.model.eval.Evaluator;
import io.specialist.model.tokenizer.BpeTokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Supervised fine-tuning end to end on a tiny model: responses given their prompts get cheaper, reproducibly. */
class InstructionTrainingTest {

    static List<InstructionExample> train;
    static List<InstructionExample> heldout;
    static List<String> general;
    static BpeTokenizer tok;
    static ModelConfig config;

    @BeforeAll
    static void data() {
        train = new ArrayList<>();
        heldout = new ArrayList<>();
        general = new ArrayList<>();
        String[] colours = {"red", "green", "blue", "black", "white", "amber", "violet", "grey"};
        for (int i = 0; i < 40; i++) {
            InstructionExample e = new InstructionExample("Colour of item " + i + "?\n",
                    "Item " + i + " is " + colours[i % colours.length] + ".");
            (i % 5 == 0 ? heldout : train).add(e);
            general.add("The cat sat on the mat number " + i + ". The dog did not, said report " + i + ".");
        }
        List<String> corpus = new ArrayList<>(general);
        train.forEach(e -> corpus.add(e.prompt() + e.response()));
        tok = BpeTokenizer.train(corpus, 300);
        config = new ModelConfig(tok.vocabSize(), 48, 32, 1, 2);
    }

    static TrainingConfig cfg(int steps) {
        return new TrainingConfig(steps, 4, 48, 3e-3f, 0.1f, 5, 0.0f, 1f, 0.25f, Regularizer.NONE, 0f, 7);
    }

    @Test
    void heldOutResponsesGivenTheirPromptsGetCheaper() {
        TransformerModel model = TransformerModel.initialize(config, 2);
        Trainer.train(model, tok, general, List.of(), cfg(40).withReplayFraction(0f), TrainingListener.NONE, () -> false);
        double before = responseBitsPerByte(model);
        TrainingResult result = Trainer.trainInstructions(model, tok, train, general, cfg(80), TrainingListener.NONE,
                () -> false, null);
        double after = responseBitsPerByte(model);
        assertThat(result.stepsCompleted()).isEqualTo(80);
        assertThat(after).isLessThan(before * 0.8);
    }

    @Test
    void sameSeedSameWeightsBitForBitAndAnotherSeedDiffers() {
        TransformerModel a = TransformerModel.initialize(config, 5);
        TransformerModel b = TransformerModel.initialize(config, 5);
        TrainingConfig c = cfg(10).withRegularizer(Regularizer.L2SP, 0.5f);
        Trainer.trainInstructions(a, tok, train, general, c, TrainingListener.NONE, () -> false, null);
        Trainer.trainInstructions(b, tok, train, general, c, TrainingListener.NONE, () -> false, null);
        assertThat(b.params()).containsExactly(a.params());
        TransformerModel other = TransformerModel.initialize(config, 5);
        Trainer.trainInstructions(other, tok, train, general, c.withSeed(8), TrainingListener.NONE, () -> false, null);
        assertThat(other.params()).isNotEqualTo(a.params());
    }

    @Test
    void retrievalRowsChangeTrainingOnlyWhenThereArePassageDocuments() {
        TrainingConfig c = cfg(5).withRetrieval(new RetrievalTraining(0.5f, 0.5f, 3, 60));
        TransformerModel plain = TransformerModel.initialize(config, 5);
        Trainer.trainInstructions(plain, tok, train, general, c, TrainingListener.NONE, () -> false, null);
        TransformerModel noDocuments = TransformerModel.initialize(config, 5);
        Trainer.trainInstructions(noDocuments, tok, train, general, c, TrainingListener.NONE, () -> false, null, List.of());
        assertThat(noDocuments.params()).containsExactly(plain.params());
        List<String> facts = train.stream().map(e -> e.response() + " It was catalogued as such.").toList();
        TransformerModel withPassages = TransformerModel.initialize(config, 5);
        TrainingResult result = Trainer.trainInstructions(withPassages, tok, train, general, c, TrainingListener.NONE,
                () -> false, null, facts);
        assertThat(result.stepsCompleted()).isEqualTo(5);
        assertThat(withPassages.params()).isNotEqualTo(plain.params());
    }

    @Test
    void anAdapterOnAFrozenBaseLearnsTheResponsesToo() {
        TransformerModel base = TransformerModel.initialize(config, 2);
        Trainer.train(base, tok, general, List.of(), cfg(40).withReplayFraction(0f), TrainingListener.NONE, () -> false);
        float[] frozen = base.params().clone();
        double before = responseBitsPerByte(base);
        LoraAdapter adapter = LoraAdapter.initialize(config, new LoraConfig(4, 8f, java.util.EnumSet.allOf(io.specialist.model.LoraTarget.class), List.of()), 3);
        Trainer.trainAdapterInstructions(base, adapter, tok, train, general, cfg(60).withLearningRate(1e-2f),
                TrainingListener.NONE, () -> false, null);
        assertThat(base.params()).containsExactly(frozen);
        assertThat(responseBitsPerByte(adapter.mergeInto(base))).isLessThan(before);
    }

    static double responseBitsPerByte(TransformerModel model) {
        return Evaluator.evaluateGiven(model, tok, heldout.stream().map(InstructionExample::prompt).toList(),
                heldout.stream().map(InstructionExample::response).toList()).bitsPerByte();
    }
}
