package io.specialist.model.ort;

import ai.onnxruntime.OrtException;
import io.specialist.model.ModelConfig;
import io.specialist.model.eval.Evaluator;
import io.specialist.model.onnx.ScoringGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

/** The scoring graph against the Java-side log-softmax over the logits (the fallback path). */
class ScoringGraphTest {

    static TinyModel tiny;
    static OrtLanguageModel withHead;
    static OrtLanguageModel logitsOnly;

    @BeforeAll
    static void load() {
        tiny = TinyModel.create(32, 32, 2, 4, 23);
        withHead = OrtLanguageModel.load(tiny.onnx(), OrtSettings.defaults(1));
        logitsOnly = OrtLanguageModel.load(tiny.onnx(), OrtSettings.defaults(1), false);
    }

    @AfterAll
    static void close() {
        withHead.close();
        logitsOnly.close();
    }

    @Test
    void theScoringGraphIsDerivedAtLoadAndWithoutItScoringReadsTheLogits() {
        assertThat(withHead.forward().hasScoringGraph()).isTrue();
        assertThat(logitsOnly.forward().hasScoringGraph()).isFalse();
        assertThatThrownBy(() -> ScoringGraph.from(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScoringGraph.from(ScoringGraph.from(tiny.onnx()))) // no logits MatMul left
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("logits");
    }

    @Test
    void targetLogProbsAreTheLogSoftmaxOfTheLogitsAtTheScoredPositions() throws OrtException {
        ModelConfig c = withHead.config();
        int batch = 3, length = 32;
        long[] ids = new long[batch * length];
        int[] tokens = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            tokens[i] = (i * 41 + 3) % c.vocabSize();
            ids[i] = tokens[i];
        }
        long[] positions = {0, 5, 31, 32, 33, 70, 95, 95};
        long[] targets = new long[positions.length];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = (i * 13 + 7) % c.vocabSize();
        }
        float[] logProbs = withHead.forward().targetLogProbs(ids, batch, length, positions, targets);
        float[] logits = logitsOnly.logits(tokens, batch, length);
        assertThat(logProbs).hasSize(positions.length);
        int v = c.vocabSize();
        for (int i = 0; i < logProbs.length; i++) {
            int row = (int) positions[i] * v;
            double expected = logits[row + (int) targets[i]] - LogSumExp.of(logits, row, v);
            assertThat((double) logProbs[i]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    /** The in-graph scores equal the Java-side computation and the Java evaluator, windows and contexts included. */
    @Test
    void inGraphScoresEqualTheJavaSideComputation() {
        List<String> docs = new ArrayList<>(TinyModel.corpus().subList(0, 6));
        docs.add(String.join(" ", TinyModel.corpus().subList(6, 12))); // several windows long
        docs.add("x");
        docs.add("");
        List<ScoreResult> inGraph = withHead.score(docs);
        List<ScoreResult> javaSide = logitsOnly.score(docs);
        for (int i = 0; i < docs.size(); i++) {
            ScoreResult a = inGraph.get(i);
            ScoreResult b = javaSide.get(i);
            assertThat(a.tokens()).isEqualTo(b.tokens());
            assertThat(a.bytes()).isEqualTo(b.bytes());
            assertThat(a.bits()).isCloseTo(b.bits(), org.assertj.core.data.Offset.offset(1e-4 + 1e-5 * b.bits()));
            if (!docs.get(i).isEmpty()) {
                Evaluator.Score java = Evaluator.evaluate(tiny.model(), tiny.tokenizer(), List.of(docs.get(i)));
                assertThat(a.bitsPerByte()).isCloseTo(java.bitsPerByte(), withinPercentage(1e-2)); // 1e-4 relative
            }
        }
        assertThat(inGraph.get(docs.size() - 1)).isEqualTo(new ScoreResult(0, 0, 0, 0));
        String context = TinyModel.corpus().get(20);
        String text = TinyModel.corpus().get(21);
        assertThat(withHead.score(context, text).bits())
                .isCloseTo(logitsOnly.score(context, text).bits(), withinPercentage(1e-3));
    }
}
