package io.specialist.model.train;

import io.specialist.model.tokenizer.BpeTokenizer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.specialist.model.train.InstructionDataLoaderTest.render;
import static io.specialist.model.train.InstructionDataLoaderTest.trained;
import static org.assertj.core.api.Assertions.assertThat;

/** Instruction rows with the passages retrieved for their prompt ahead of it ({@link InstructionDataLoader}). */
class InstructionRetrievalRowsTest {

    static final BpeTokenizer BYTES = InstructionDataLoaderTest.BYTES;
    static final List<String> PASSAGE_DOCS = List.of("the zebra has black and white stripes",
            "cats purr quietly at night");
    static final List<InstructionExample> EXAMPLES = List.of(new InstructionExample("zebra?:", "ok"));

    @Test
    void theRowIsEotPassagesPromptResponseAndOnlyTheResponseIsTrained() {
        InstructionDataLoader loader = new InstructionDataLoader(BYTES, EXAMPLES, List.of(), 1, 128, 0f, 5,
                RetrievalTraining.of(1f, 0.5f), PASSAGE_DOCS);
        assertThat(loader.retrievalRows()).isTrue();
        int[] in = new int[128], tg = new int[128];
        float[] mask = loader.next(in, tg);
        // the prompt found the zebra document (not the cats one), packed whole with serving's separator; two
        // examples of 1 + 39 + 7 + 2 tokens and a closing EOT fit the 129-token row
        String example = "\\|the zebra has black and white stripes\n\nzebra\\?:ok";
        assertThat(render(in[0]) + render(tg)).matches(example + example + "\\|+");
        // passages, prompt and padding untrained; the response and its closing EOT trained, as in plain sft rows
        assertThat(trained(tg, mask)).matches("_{46}ok\\|_{46}ok\\|_{30}");
    }

    @Test
    void theFractionIsAShareOfTheInstructionRowsNotOfReplay() {
        InstructionDataLoader loader = new InstructionDataLoader(BYTES, EXAMPLES, List.of("general text ".repeat(20)),
                1, 64, 0.5f, 7, RetrievalTraining.of(0.25f, 0.5f), PASSAGE_DOCS);
        int[] in = new int[64], tg = new int[64];
        int replay = 0, withPassages = 0, plain = 0;
        for (int r = 0; r < 80; r++) {
            loader.next(in, tg);
            String row = render(in[0]) + render(tg);
            if (row.contains("general")) {
                replay++;
            } else if (row.contains("zebra has")) {
                withPassages++;
                // half of T = 64 for passages: the document is cut at a word to 31 tokens
                assertThat(row).startsWith("|the zebra has black and white\n\nzebra?:ok|");
            } else {
                plain++;
                assertThat(row).startsWith("|zebra?:ok|");
            }
        }
        assertThat(replay).isEqualTo(40);
        assertThat(withPassages).isEqualTo(10);
        assertThat(plain).isEqualTo(30);
    }

    @Test
    void anExampleTooLongWithItsPassagesIsCutAsAnyOverLongExample() {
        InstructionExample longOne = new InstructionExample("zebra?:", "abcdefghijklmnopqrstuvwxyz");
        InstructionDataLoader loader = new InstructionDataLoader(BYTES, List.of(longOne), List.of(), 1, 32, 0f, 1,
                RetrievalTraining.of(1f, 0.5f), PASSAGE_DOCS);
        int[] in = new int[32], tg = new int[32];
        float[] mask = loader.next(in, tg);
        // budget T/2 = 16: the passage is cut at a word ("the zebra has\n\n", 15 tokens); passages + prompt keep
        // their last T/2 = 16 tokens, the response fills the rest of the 33-token row, without a closing EOT
        assertThat(render(in[0]) + render(tg)).isEqualTo("|bra has\n\nzebra?:abcdefghijklmnop");
        for (int t = 0; t < 32; t++) {
            assertThat(mask[t]).as("mask at %d", t).isEqualTo(t >= 16 ? 1f : 0f);
        }
    }

    @Test
    void withoutPassageDocumentsTheRowsAreTodays() {
        List<InstructionExample> examples = List.of(new InstructionExample("P:", "ab"), new InstructionExample("Q:", "cd"));
        InstructionDataLoader plain = new InstructionDataLoader(BYTES, examples, List.of(), 2, 16, 0f, 3);
        InstructionDataLoader none = new InstructionDataLoader(BYTES, examples, List.of(), 2, 16, 0f, 3,
                RetrievalTraining.of(0.5f, 0.5f), List.of(" ", ""));
        assertThat(none.retrievalRows()).isFalse();
        int[] in1 = new int[32], tg1 = new int[32], in2 = new int[32], tg2 = new int[32];
        for (int b = 0; b < 5; b++) {
            float[] m1 = plain.next(in1, tg1).clone();
            float[] m2 = none.next(in2, tg2);
            assertThat(in2).containsExactly(in1);
            assertThat(tg2).containsExactly(tg1);
            assertThat(m2).containsExactly(m1);
        }
    }
}
