package io.specialist.model.train;

import io.specialist.model.tokenizer.BpeTokenizer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstructionDataLoaderTest {

    static final BpeTokenizer BYTES = BpeTokenizer.train(List.of("x"), 257); // bytes only: token = byte
    static final int EOT = BYTES.endOfDocument();

    @Test
    void packsWholeExamplesAndTrainsOnlyResponsesAndTheirClosingEot() {
        // [EOT] P: a b [EOT] ... : each example takes 1 + 2 + 2 tokens, its closing EOT is the next one's opening
        List<InstructionExample> examples = List.of(new InstructionExample("P:", "ab"), new InstructionExample("Q:", "cd"));
        InstructionDataLoader loader = new InstructionDataLoader(BYTES, examples, List.of(), 1, 12, 0f, 3);
        int[] in = new int[12], tg = new int[12];
        for (int batch = 0; batch < 4; batch++) {
            float[] mask = loader.next(in, tg);
            String row = render(in[0]) + render(tg);
            // row of T+1 = 13 tokens: two whole examples (11 tokens incl. the closing EOT), then EOT padding
            assertThat(row).matches("\\|(P:ab|Q:cd)\\|(P:ab|Q:cd)\\|\\|\\|");
            // prompts and padding untrained; responses and each closing EOT trained
            assertThat(trained(tg, mask)).matches("__(ab|cd)\\|__(ab|cd)\\|__");
        }
    }

    @Test
    void anExampleNeverStartsInOneRowAndEndsInTheNext() {
        List<InstructionExample> examples = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            examples.add(new InstructionExample("q" + "?".repeat(i) + ":", "r" + "!".repeat(7 - i)));
        }
        InstructionDataLoader loader = new InstructionDataLoader(BYTES, examples, List.of(), 3, 16, 0f, 11);
        int[] in = new int[48], tg = new int[48];
        for (int batch = 0; batch < 10; batch++) {
            float[] mask = loader.next(in, tg);
            for (int r = 0; r < 3; r++) {
                StringBuilder row = new StringBuilder(render(in[r * 16]));
                for (int t = 0; t < 16; t++) {
                    row.append(render(tg[r * 16 + t]));
                }
                // every row starts with an example's opening EOT and holds only whole "q..:r..|" examples
                assertThat(row.toString()).matches("(\\|q\\?*:r!*)+\\|+");
                for (int t = 0; t < 16; t++) {
                    char target = render(tg[r * 16 + t]).charAt(0);
                    boolean response = target == 'r' || target == '!';
                    if (response) {
                        assertThat(mask[r * 16 + t]).isEqualTo(1f);
                    } else if (target == 'q' || target == '?' || target == ':') {
                        assertThat(mask[r * 16 + t]).isEqualTo(0f);
                    }
                }
            }
        }
    }

    @Test
    void anOverLongExampleKeepsThePromptEndAndTheResponseStart() {
        InstructionExample longOne = new InstructionExample("0123456789:", "abcdefghij");
        InstructionDataLoader loader = new InstructionDataLoader(BYTES, List.of(longOne), List.of(), 1, 10, 0f, 1);
        int[] in = new int[10], tg = new int[10];
        float[] mask = loader.next(in, tg);
        // T = 10: the prompt keeps its last 5 tokens, the response fills the rest of the 11-token row
        assertThat(render(in[0]) + render(tg)).isEqualTo("|6789:abcde");
        assertThat(mask).containsExactly(0, 0, 0, 0, 0, 1, 1, 1, 1, 1);
    }

    @Test
    void mixesTheReplayFractionAndTrainsEveryReplayToken() {
        List<InstructionExample> examples = List.of(new InstructionExample("P:", "ab"));
        InstructionDataLoader loader = new InstructionDataLoader(BYTES, examples, List.of("zzzzzzzzzzzzzzzz"), 10, 6,
                0.3f, 5);
        int[] in = new int[60], tg = new int[60];
        float[] mask = loader.next(in, tg);
        int replayRows = 0;
        for (int r = 0; r < 10; r++) {
            boolean replay = render(tg[r * 6 + 2]).equals("z") || render(tg[r * 6 + 3]).equals("z");
            if (replay) {
                replayRows++;
                for (int t = 0; t < 6; t++) {
                    assertThat(mask[r * 6 + t]).isEqualTo(1f);
                }
            }
        }
        assertThat(replayRows).isEqualTo(3);
    }

    @Test
    void theSameSeedGivesTheSameBatchesAndAnotherSeedAnotherOrder() {
        List<InstructionExample> examples = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            examples.add(new InstructionExample("Define t" + i + ":", " thing number " + i));
        }
        List<String> replay = List.of("general text one", "general text two, longer", "three");
        String a = batches(examples, replay, 42);
        assertThat(batches(examples, replay, 42)).isEqualTo(a);
        assertThat(batches(examples, replay, 43)).isNotEqualTo(a);
    }

    @Test
    void refusesNoExamplesAndAllReplay() {
        assertThatThrownBy(() -> new InstructionDataLoader(BYTES, List.of(), List.of("x"), 1, 8, 0f, 1))
                .hasMessageContaining("no instruction examples");
        assertThatThrownBy(() -> new InstructionDataLoader(BYTES, List.of(new InstructionExample("a", "b")),
                List.of("x"), 1, 8, 1f, 1)).hasMessageContaining("replayFraction");
        assertThatThrownBy(() -> new InstructionExample("a", "")).hasMessageContaining("response");
    }

    private static String batches(List<InstructionExample> examples, List<String> replay, long seed) {
        InstructionDataLoader loader = new InstructionDataLoader(BYTES, examples, replay, 4, 24, 0.25f, seed);
        int[] in = new int[96], tg = new int[96];
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            float[] mask = loader.next(in, tg);
            out.append(render(tg)).append(java.util.Arrays.toString(mask));
        }
        return out.toString();
    }

    /** The targets as text where the mask trains them, '_' where it does not. */
    static String trained(int[] targets, float[] mask) {
        StringBuilder s = new StringBuilder();
        for (int t = 0; t < targets.length; t++) {
            s.append(mask[t] == 1f ? render(targets[t]) : "_");
        }
        return s.toString();
    }

    static String render(int... ids) {
        StringBuilder s = new StringBuilder();
        for (int id : ids) {
            s.append(id == EOT ? "|" : String.valueOf((char) id));
        }
        return s.toString();
    }
}
