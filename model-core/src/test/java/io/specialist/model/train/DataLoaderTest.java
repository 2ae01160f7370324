package io.specialist.model.train;

import io.specialist.model.tokenizer.BpeTokenizer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataLoaderTest {

    static final BpeTokenizer BYTES = BpeTokenizer.train(List.of("x"), 257); // bytes only: token = byte

    @Test
    void packsDocumentsSeparatedByEndOfDocumentWithShiftedTargets() {
        List<String> docs = List.of("abc", "defg");
        DataLoader loader = new DataLoader(BYTES, docs, List.of(), 2, 4, 0f, 1);
        int[] in = new int[8], tg = new int[8];
        List<Integer> stream = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            loader.next(in, tg);
            for (int r = 0; r < 2; r++) {
                for (int t = 0; t < 4; t++) {
                    if (t + 1 < 4) {
                        assertThat(tg[r * 4 + t]).isEqualTo(in[r * 4 + t + 1]);
                    }
                }
                if (stream.isEmpty()) {
                    stream.add(in[r * 4]);
                }
                for (int t = 0; t < 4; t++) {
                    stream.add(tg[r * 4 + t]);
                }
            }
        }
        // One epoch of the stream is EOT a b c EOT d e f g (in some document order), then it repeats.
        String text = render(stream);
        assertThat(text).containsAnyOf("|abc|defg|", "|defg|abc|");
        assertThat(text.chars().filter(c -> c == '|').count()).isGreaterThanOrEqualTo(4);
        assertThat(loader.domainTokens()).isEqualTo(9);
    }

    @Test
    void mixesTheReplayFractionExactly() {
        DataLoader loader = new DataLoader(BYTES, List.of("aaaaaaaaaaaa"), List.of("zzzzzzzzzzzz"), 10, 3, 0.3f, 7);
        int[] in = new int[30], tg = new int[30];
        int replayRows = 0;
        for (int batch = 0; batch < 10; batch++) {
            loader.next(in, tg);
            for (int r = 0; r < 10; r++) {
                boolean z = false;
                for (int t = 0; t < 3; t++) {
                    z |= tg[r * 3 + t] == 'z';
                }
                replayRows += z ? 1 : 0;
            }
        }
        assertThat(replayRows).isEqualTo(30);
    }

    @Test
    void sameSeedSameBatches() {
        List<String> docs = List.of("one doc", "two docs", "three documents", "four");
        DataLoader a = new DataLoader(BYTES, docs, List.of(), 3, 5, 0f, 42);
        DataLoader b = new DataLoader(BYTES, docs, List.of(), 3, 5, 0f, 42);
        int[] ia = new int[15], ta = new int[15], ib = new int[15], tb = new int[15];
        for (int i = 0; i < 20; i++) {
            a.next(ia, ta);
            b.next(ib, tb);
            assertThat(ia).containsExactly(ib);
            assertThat(ta).containsExactly(tb);
        }
    }

    @Test
    void refusesMissingData() {
        assertThatThrownBy(() -> new DataLoader(BYTES, List.of(), List.of("g"), 1, 4, 0.5f, 1))
                .hasMessageContaining("domainDocs is empty");
        assertThatThrownBy(() -> new DataLoader(BYTES, List.of("d"), List.of(), 1, 4, 0.5f, 1))
                .hasMessageContaining("no replay documents");
    }

    static String render(List<Integer> tokens) {
        StringBuilder sb = new StringBuilder();
        for (int t : tokens) {
            sb.append(t == 256 ? '|' : (char) t);
        }
        sb.append('|');
        return sb.toString();
    }
}
