package io.specialist.model.tokenizer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BpeTokenizerTest {

    static final String SAMPLE = """
            The quick brown fox jumps over the lazy dog. It's the dog's day; they'll see what we've done.
            Numbers like 1234 and 3.14159 appear, as do tabs\tand  double  spaces, and ünïcödé wörds: naïve café, 東京, emoji 🦊.
            def main(args):\n    return [x * 2 for x in args if x > 0]  # a comment
            """;

    static BpeTokenizer tokenizer;

    @BeforeAll
    static void train() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            texts.add(SAMPLE + " variation " + i + " the theory of the thing");
        }
        tokenizer = BpeTokenizer.train(texts, 400);
    }

    @Test
    void learnsMergesAndCompresses() {
        assertThat(tokenizer.vocabSize()).isEqualTo(400);
        assertThat(tokenizer.endOfDocument()).isEqualTo(256);
        int[] ids = tokenizer.encode(SAMPLE);
        assertThat(ids.length).isLessThan(SAMPLE.getBytes(StandardCharsets.UTF_8).length / 2);
        assertThat(ids).doesNotContain(256);
    }

    @Test
    void realTextRoundTrips() {
        for (String text : List.of(SAMPLE, "", " ", "  leading and trailing  ", "'s'll're", "a\n\n\nb", "x".repeat(1000))) {
            assertThat(tokenizer.decode(tokenizer.encode(text))).isEqualTo(text);
        }
    }

    @Test
    void bundledCorpusRoundTripsThroughATokenizerTrainedOnIt() {
        List<String> docs = io.specialist.model.corpus.GeneralCorpus.documents().subList(0, 20);
        BpeTokenizer brown = BpeTokenizer.train(docs.subList(0, 10), 512);
        long bytes = 0, tokens = 0;
        for (String doc : docs) {
            int[] ids = brown.encode(doc);
            assertThat(brown.decode(ids)).isEqualTo(doc);
            bytes += doc.getBytes(StandardCharsets.UTF_8).length;
            tokens += ids.length;
        }
        // Unseen documents (10..19) compress too: the merges are English, not memorised text.
        assertThat((double) bytes / tokens).isGreaterThan(2.0);
    }

    @Test
    void randomBytesRoundTrip() {
        SplittableRandom random = new SplittableRandom(42);
        byte[] alphabet = "ab e'sl\n\t09.-\u00c3\u00a9".getBytes(StandardCharsets.ISO_8859_1);
        for (int trial = 0; trial < 2000; trial++) {
            byte[] bytes = new byte[random.nextInt(200)];
            boolean anyByte = trial % 2 == 0;
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = anyByte ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            int[] ids = tokenizer.encode(bytes);
            assertThat(tokenizer.decodeBytes(ids)).as("trial %d", trial).isEqualTo(bytes);
            for (int id : ids) {
                if (id < 0 || id >= tokenizer.vocabSize() || id == 256) {
                    throw new AssertionError("trial " + trial + ": id " + id + " out of range or EOT");
                }
            }
        }
    }

    @Test
    void tokenBytesConcatenateToDecode() {
        int[] ids = tokenizer.encode(SAMPLE);
        StringBuilder sb = new StringBuilder();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int id : ids) {
            out.writeBytes(tokenizer.tokenBytes(id));
        }
        assertThat(out.toByteArray()).isEqualTo(SAMPLE.getBytes(StandardCharsets.UTF_8));
        assertThat(tokenizer.tokenBytes(256)).isEmpty();
        assertThat(tokenizer.tokenBytes(65)).containsExactly((byte) 'A');
        assertThat(sb).isEmpty();
    }

    @Test
    void trainingIsDeterministic() {
        List<String> texts = List.of(SAMPLE, SAMPLE.toUpperCase(), "the the the then them");
        assertThat(BpeTokenizer.train(texts, 300).toJson()).isEqualTo(BpeTokenizer.train(texts, 300).toJson());
    }

    @Test
    void stopsEarlyWhenNoPairRepeats() {
        BpeTokenizer small = BpeTokenizer.train(List.of("abab"), 1000);
        assertThat(small.vocabSize()).isLessThan(1000);
        assertThat(small.decode(small.encode("abab"))).isEqualTo("abab");
    }

    @Test
    void jsonRoundTrips() {
        BpeTokenizer copy = BpeTokenizer.fromJson(tokenizer.toJson());
        assertThat(copy).isEqualTo(tokenizer);
        assertThat(copy.encode(SAMPLE)).isEqualTo(tokenizer.encode(SAMPLE));
    }

    @Test
    void badJsonFailsClearly() {
        assertThatThrownBy(() -> BpeTokenizer.fromJson("{not json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> BpeTokenizer.fromJson("[]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be an object");
        assertThatThrownBy(() -> BpeTokenizer.fromJson("{\"format\":\"other\",\"version\":1,\"merges\":[]}"))
                .hasMessageContaining("format must be");
        assertThatThrownBy(() -> BpeTokenizer.fromJson("{\"format\":\"specialist-byte-bpe\",\"version\":9,\"merges\":[]}"))
                .hasMessageContaining("unsupported tokenizer JSON version 9");
        assertThatThrownBy(() -> BpeTokenizer.fromJson("{\"format\":\"specialist-byte-bpe\",\"version\":1}"))
                .hasMessageContaining("\"merges\" array");
        assertThatThrownBy(() -> BpeTokenizer.fromJson("{\"format\":\"specialist-byte-bpe\",\"version\":1,\"merges\":[[97,300]]}"))
                .hasMessageContaining("merge 0 [97,300] must join ids below 257");
        assertThatThrownBy(() -> BpeTokenizer.fromJson("{\"format\":\"specialist-byte-bpe\",\"version\":1,\"merges\":[[97,\"x\"]]}"))
                .hasMessageContaining("merge 0 must be a pair of integer ids");
        assertThatThrownBy(() -> BpeTokenizer.fromJson("{\"format\":\"specialist-byte-bpe\",\"version\":1,\"vocabSize\":300,\"merges\":[[97,98]]}"))
                .hasMessageContaining("declares vocabSize 300");
    }

    @Test
    void rejectsUnknownIds() {
        assertThatThrownBy(() -> tokenizer.decode(new int[] {tokenizer.vocabSize()}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the vocabulary");
    }
}
