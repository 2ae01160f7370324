package io.specialist.model.train;

import io.specialist.model.ModelConfig;
import io.specialist.model.TransformerModel;
import io.specialist.model.retrieval.ContextPacker;
import io.specialist.model.retrieval.PassageHit;
import io.specialist.model.tokenizer.BpeTokenizer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retrieval training rows: layout, loss mask, own-passage inclusion, the retrieval fraction, settings. */
class NeighbourExampleBuilderTest {

    static final BpeTokenizer BYTES = BpeTokenizer.train(List.of("x"), 257); // bytes only: token = byte
    static final int EOT = BYTES.endOfDocument();
    static final String[] TOPICS = {"granite quartz", "basalt lava", "contract court", "harbour ship", "violin concert",
            "orchard apple", "glacier valley", "comet orbit", "bakery bread", "chess opening"};

    /** Documents of three ~55-character sentences about one topic each: several passages of 60 characters. */
    static List<String> documents() {
        List<String> docs = new ArrayList<>();
        for (int d = 0; d < 20; d++) {
            String topic = TOPICS[d % TOPICS.length];
            docs.add("Document " + d + " is about " + topic + " and more " + topic + ". "
                    + "Its second sentence names " + topic + " number " + (d * 7) + ". "
                    + "A third sentence ends document " + d + " about " + topic + ".");
        }
        return docs;
    }

    static NeighbourExampleBuilder builder(float own, int seqLen, long seed) {
        return new NeighbourExampleBuilder(BYTES, documents(), new RetrievalTraining(1f, own, 3, 60), seqLen,
                new SplittableRandom(seed));
    }

    static String text(int[] tokens) {
        return new String(BYTES.decodeBytes(tokens), StandardCharsets.UTF_8);
    }

    @Test
    void theRowIsEotPassagesTextAndOnlyTheTextIsTrained() {
        int seqLen = 160;
        try (NeighbourExampleBuilder b = builder(0.5f, seqLen, 1)) {
            for (int i = 0; i < 60; i++) {
                NeighbourExampleBuilder.Example e = b.next();
                int[] in = new int[seqLen], tg = new int[seqLen];
                float[] mask = new float[seqLen];
                NeighbourExampleBuilder.write(e, EOT, seqLen, in, tg, mask, 0);

                assertThat(in[0]).isEqualTo(EOT);
                // the context is the used passages as serving packs them, within half the row
                assertThat(e.context().length).isLessThanOrEqualTo(ContextPacker.budget(seqLen, null));
                assertThat(text(e.context())).isEqualTo(ContextPacker.pack(e.used(), seqLen / 2, BYTES).text());
                // the text is the document from the drawn passage on
                String doc = documents().get(Integer.parseInt(e.documentId().substring(1)));
                assertThat(doc).contains(text(e.text()));
                assertThat(e.context().length + e.text().length).isLessThanOrEqualTo(seqLen);

                int c = e.context().length;
                for (int t = 0; t < seqLen; t++) {
                    boolean isText = t >= c && t < c + e.text().length;
                    assertThat(mask[t]).as("mask at %d (context %d, text %d)", t, c, e.text().length)
                            .isEqualTo(isText ? 1f : 0f);
                    if (t < c) {
                        assertThat(tg[t]).isEqualTo(e.context()[t]);
                    } else if (isText) {
                        assertThat(tg[t]).isEqualTo(e.text()[t - c]);
                    } else {
                        assertThat(tg[t]).isEqualTo(EOT); // padding after a document that ended early
                    }
                }
            }
        }
    }

    @Test
    void theOwnPassageLeadsTheNeighboursWithTheConfiguredProbability() {
        try (NeighbourExampleBuilder always = builder(1f, 200, 2)) {
            for (int i = 0; i < 40; i++) {
                NeighbourExampleBuilder.Example e = always.next();
                assertThat(e.ownIncluded()).isTrue();
                PassageHit first = e.used().get(0);
                assertThat(first.passage().documentId()).isEqualTo(e.documentId());
                assertThat(first.passage().index()).isEqualTo(e.passage());
                assertThat(text(e.text())).startsWith(first.passage().text());
            }
        }
        try (NeighbourExampleBuilder never = builder(0f, 200, 3)) {
            for (int i = 0; i < 40; i++) {
                NeighbourExampleBuilder.Example e = never.next();
                assertThat(e.ownIncluded()).isFalse();
                assertThat(e.used()).isNotEmpty(); // same-topic documents match
                assertThat(e.used()).allSatisfy(h -> assertThat(h.passage().documentId()).isNotEqualTo(e.documentId()));
            }
        }
        try (NeighbourExampleBuilder half = builder(0.3f, 200, 4)) {
            int own = 0;
            for (int i = 0; i < 1000; i++) {
                own += half.next().ownIncluded() ? 1 : 0;
            }
            assertThat(own).isBetween(250, 350);
        }
    }

    @Test
    void aQuarterOfTheRowsAreRetrievalRows() {
        DataLoader plain = new DataLoader(BYTES, documents(), List.of(), 4, 128, 0f, 5);
        RetrievalBatches batches = new RetrievalBatches(plain, builder(1f, 128, 6), 4, 128, 0.25f);
        int[] in = new int[4 * 128], tg = new int[4 * 128];
        int retrievalRows = 0;
        for (int batch = 0; batch < 10; batch++) {
            float[] mask = batches.next(in, tg);
            for (int r = 0; r < 4; r++) {
                float[] row = Arrays.copyOfRange(mask, r * 128, (r + 1) * 128);
                boolean allTrained = true;
                for (float m : row) {
                    allTrained &= m == 1f;
                }
                // a retrieval row (own passage always first here) starts with untrained passage tokens
                retrievalRows += allTrained ? 0 : 1;
            }
        }
        assertThat(retrievalRows).isEqualTo(10);
    }

    @Test
    void trainingWithRetrievalRowsRunsAndLearns() {
        BpeTokenizer tok = BpeTokenizer.train(documents(), 300);
        TransformerModel model = TransformerModel.initialize(new ModelConfig(tok.vocabSize(), 64, 32, 1, 2), 7);
        TrainingConfig cfg = TrainingConfig.pretraining(30, 4, 64).withRetrieval(new RetrievalTraining(0.5f, 0.5f, 3, 60));
        TrainingResult r = Trainer.train(model, tok, documents(), List.of(), cfg, TrainingListener.NONE, () -> false);
        assertThat(r.stepsCompleted()).isEqualTo(30);
        assertThat(r.finalLoss()).isFinite().isLessThan(Math.log(tok.vocabSize()));
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> new RetrievalTraining(-0.1f, 0.5f, 5, 400)).hasMessageContaining("fraction");
        assertThatThrownBy(() -> new RetrievalTraining(1.5f, 0.5f, 5, 400)).hasMessageContaining("fraction");
        assertThatThrownBy(() -> new RetrievalTraining(Float.NaN, 0.5f, 5, 400)).hasMessageContaining("fraction");
        assertThatThrownBy(() -> new RetrievalTraining(0.5f, 1.1f, 5, 400)).hasMessageContaining("own-passage");
        assertThatThrownBy(() -> new RetrievalTraining(0.5f, 0.5f, 0, 400)).hasMessageContaining("k must");
        assertThatThrownBy(() -> new RetrievalTraining(0.5f, 0.5f, 5, 15)).hasMessageContaining("passage size");
        assertThatThrownBy(() -> TrainingConfig.pretraining(10, 2, 8).withRetrieval(null)).hasMessageContaining("retrieval");
        assertThat(RetrievalTraining.NONE.enabled()).isFalse();
        assertThat(RetrievalTraining.of(0.25f, 0.5f).enabled()).isTrue();
        assertThatThrownBy(() -> new NeighbourExampleBuilder(BYTES, List.of("", " "), RetrievalTraining.of(1f, 0.5f), 64,
                new SplittableRandom(1))).hasMessageContaining("no training document");
    }
}
