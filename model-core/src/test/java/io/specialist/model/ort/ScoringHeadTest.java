package io.specialist.model.ort;

import ai.onnxruntime.OrtException;
import io.specialist.model.ModelConfig;
import io.specialist.model.eval.Evaluator;
import io.specialist.model.onnx.ScoringHead;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

/** The in-graph scoring head against the Java-side log-softmax over the logits (the fallback path). */
class ScoringHeadTest {

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
    void theHeadIsAddedAtLoadAndTheArtifactsGraphStillLoadsWithoutIt() {
        assertThat(forward(withHead).hasScoringHead()).isTrue();
        assertThat(forward(logitsOnly).hasScoringHead()).isFalse();
        byte[] once = ScoringHead.addTo(tiny.onnx());
        assertThat(once.length).isGreaterThan(tiny.onnx().length);
        assertThat(ScoringHead.addTo(once)).isSameAs(once); // a graph that has the head keeps it as it is
        assertThatThrownBy(() -> ScoringHead.addTo(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void targetLogProbsAreTheLogSoftmaxOfTheLogitsAtTheTargets() throws OrtException {
        ModelConfig c = withHead.config();
        int batch = 3, length = 32;
        long[] ids = new long[batch * length];
        long[] targets = new long[batch * length];
        int[] tokens = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            tokens[i] = (i * 41 + 3) % c.vocabSize();
            ids[i] = tokens[i];
            targets[i] = (i * 13 + 7) % c.vocabSize();
        }
        float[] logProbs = forward(withHead).targetLogProbs(ids, targets, batch, length);
        float[] logits = logitsOnly.logits(tokens, batch, length);
        assertThat(logProbs).hasSize(batch * length);
        int v = c.vocabSize();
        for (int i = 0; i < logProbs.length; i++) {
            double expected = logits[i * v + (int) targets[i]] - LogSumExp.of(logits, i * v, v);
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

    @Test
    void generationAndLogitsAreTheSameWithAndWithoutTheHead() {
        int[] tokens = tiny.tokenizer().encode("The river rose in the night");
        assertThat(withHead.logits(tokens, 1, tokens.length)).containsExactly(logitsOnly.logits(tokens, 1, tokens.length));
        GenerationRequest request = GenerationRequest.greedy("The river", 20);
        assertThat(withHead.generate(request).text()).isEqualTo(logitsOnly.generate(request).text());
    }

    private static OrtForward forward(OrtLanguageModel model) {
        return model.forward();
    }
}
