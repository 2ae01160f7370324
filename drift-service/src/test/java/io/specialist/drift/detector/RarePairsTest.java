package io.specialist.drift.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RarePairsTest {

    @Test
    void pairsInsideVocabularyTokensAreKnown() {
        List<byte[]> vocab = List.of(new byte[] {'a'}, "th".getBytes(StandardCharsets.US_ASCII),
                "the".getBytes(StandardCharsets.US_ASCII), " t".getBytes(StandardCharsets.US_ASCII));
        RarePairs pairs = new RarePairs(vocab.size(), vocab::get);
        assertThat(pairs.knownPairs()).isEqualTo(3); // th, he, " t"
        byte[] text = " the".getBytes(StandardCharsets.US_ASCII);
        assertThat(pairs.share(text, text.length)).isZero();
        byte[] code = "{x}".getBytes(StandardCharsets.US_ASCII);
        assertThat(pairs.share(code, code.length)).isEqualTo(1.0);
        byte[] mixed = "thx".getBytes(StandardCharsets.US_ASCII);
        assertThat(pairs.share(mixed, mixed.length)).isEqualTo(0.5);
        assertThat(pairs.share(mixed, 1)).isZero();
    }
}
