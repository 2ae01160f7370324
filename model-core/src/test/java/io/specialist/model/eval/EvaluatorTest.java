package io.specialist.model.eval;

import io.specialist.model.ModelConfig;
import io.specialist.model.TransformerModel;
import io.specialist.model.tokenizer.BpeTokenizer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EvaluatorTest {

    static final BpeTokenizer TOK = BpeTokenizer.train(List.of("hello world, hello there, hello again"), 270);
    static final List<String> DOCS = List.of("hello world", "a longer text that does not fit into one short window at all, hello",
            "ünïcödé");

    @Test
    void uniformModelCostsLog2VocabPerToken() {
        ModelConfig c = new ModelConfig(TOK.vocabSize(), 16, 8, 1, 2);
        TransformerModel zero = new TransformerModel(c, new float[c.layout().size()]); // all logits equal
        Evaluator.Score s = Evaluator.evaluate(zero, TOK, DOCS);
        long tokens = 0, bytes = 0;
        for (String d : DOCS) {
            tokens += TOK.encode(d).length;
            bytes += d.getBytes(StandardCharsets.UTF_8).length;
        }
        assertThat(s.tokens()).isEqualTo(tokens);
        assertThat(s.bytes()).isEqualTo(bytes);
        assertThat(s.bitsPerToken()).isCloseTo(Math.log(TOK.vocabSize()) / Math.log(2), within(1e-5));
        assertThat(s.bitsPerByte()).isCloseTo(tokens * Math.log(TOK.vocabSize()) / Math.log(2) / bytes, within(1e-5));
    }

    @Test
    void windowedScoreMatchesAHandComputedSlidingScore() {
        ModelConfig c = new ModelConfig(TOK.vocabSize(), 16, 16, 2, 2);
        TransformerModel model = TransformerModel.initialize(c, 3);
        String doc = DOCS.get(1);
        int[] ids = TOK.encode(doc);
        int[] seq = new int[ids.length + 1];
        seq[0] = TOK.endOfDocument();
        System.arraycopy(ids, 0, seq, 1, ids.length);
        assertThat(seq.length).isGreaterThan(2 * 16);
        int context = 16;
        double bits = 0;
        // target j is scored by the last window that starts at a multiple of 8 and still contains j - 1 ...
        // ... equivalently: the first window whose end reaches j. Compute it independently here.
        for (int j = 1; j < seq.length; j++) {
            int start = 0;
            while (Math.min(start + context, seq.length - 1) < j) {
                start += context / 2;
            }
            int len = Math.min(context, seq.length - 1 - start);
            int[] window = java.util.Arrays.copyOfRange(seq, start, start + len);
            float[] logits = model.logits(window, 1, len);
            bits += -Evaluator.logProb(logits, (j - 1 - start) * c.vocabSize(), c.vocabSize(), seq[j]) / Math.log(2);
        }
        Evaluator.Score s = Evaluator.evaluate(model, TOK, List.of(doc), context);
        assertThat(s.tokens()).isEqualTo(ids.length);
        assertThat(s.bits()).isCloseTo(bits, within(1e-6 * bits));
    }

    @Test
    void accuracyIsAFraction() {
        ModelConfig c = new ModelConfig(TOK.vocabSize(), 16, 16, 1, 2);
        Evaluator.Score s = Evaluator.evaluate(TransformerModel.initialize(c, 1), TOK, DOCS);
        assertThat(s.accuracy()).isBetween(0.0, 1.0);
        assertThat(Evaluator.evaluate(TransformerModel.initialize(c, 1), TOK, List.of()).bitsPerByte()).isNaN();
    }

    @Test
    void batchedPerDocumentScoresEqualScoringEachDocumentAlone() {
        ModelConfig c = new ModelConfig(TOK.vocabSize(), 16, 16, 2, 2);
        TransformerModel model = TransformerModel.initialize(c, 5);
        List<String> docs = new java.util.ArrayList<>(DOCS);
        for (int i = 0; i < 10; i++) {
            docs.add("hello world number " + i + (i % 3 == 0 ? ", and a tail long enough for a second window" : ""));
        }
        List<Evaluator.Score> each = Evaluator.evaluateEach(model, TOK, docs);
        assertThat(each).hasSize(docs.size());
        Evaluator.Score total = Evaluator.evaluate(model, TOK, docs);
        double bits = 0;
        for (int d = 0; d < docs.size(); d++) {
            Evaluator.Score alone = Evaluator.evaluate(model, TOK, List.of(docs.get(d)));
            assertThat(each.get(d).tokens()).isEqualTo(alone.tokens());
            assertThat(each.get(d).bytes()).isEqualTo(alone.bytes());
            assertThat(each.get(d).correct()).isEqualTo(alone.correct());
            // Batch-mates do not change a row's logits beyond float rounding of the kernels.
            assertThat(each.get(d).bits()).isCloseTo(alone.bits(), within(1e-4 * alone.bits()));
            bits += each.get(d).bits();
        }
        assertThat(total.bits()).isCloseTo(bits, within(1e-9 * bits));
        assertThat(Evaluator.evaluateEach(model, TOK, List.of())).isEmpty();
    }

    @Test
    void scoreRoundTripsThroughItsTextForm() {
        Evaluator.Score s = new Evaluator.Score(123, 456, 789.0123456789012, 7);
        assertThat(Evaluator.Score.decode(s.encode())).contains(s);
        assertThat(Evaluator.Score.decode(null)).isEmpty();
        assertThat(Evaluator.Score.decode("1 2 x 4")).isEmpty();
        assertThat(Evaluator.Score.decode("1 2 3")).isEmpty();
    }
}
