package io.specialist.model.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.specialist.model.tokenizer.BpeTokenizer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Packing ranked passages into a token budget. */
class ContextPackerTest {

    static final BpeTokenizer TOKENIZER = BpeTokenizer.train(List.of(
            "The court held that the contract was void. Basalt columns formed when lava cooled slowly.",
            "Granite is coarse grained and rich in quartz. The parties agreed to arbitration."), 300);

    static PassageHit hit(String id, String text, float score) {
        return new PassageHit(new Passage(id, 1, 0, text), score);
    }

    @Test
    void passagesGoInRankOrderEachFollowedByABlankLine() {
        List<PassageHit> hits = List.of(hit("a", "Granite is coarse.", 3), hit("b", "Basalt cooled.", 2));
        ContextPacker.Packed packed = ContextPacker.pack(hits, 1000, TOKENIZER);
        assertThat(packed.text()).isEqualTo("Granite is coarse.\n\nBasalt cooled.\n\n");
        assertThat(packed.used()).extracting(h -> h.passage().documentId()).containsExactly("a", "b");
        assertThat(packed.tokens()).isEqualTo(TOKENIZER.encode(packed.text()).length);
    }

    @Test
    void thePassageThatDoesNotFitIsCutAtAWordWhenEnoughRoomIsLeft() {
        String longText = "The court held that the contract was void and the parties agreed to arbitration. ".repeat(4);
        ContextPacker.Packed packed = ContextPacker.pack(List.of(hit("a", longText, 1)), 24, TOKENIZER);
        assertThat(packed.tokens()).isLessThanOrEqualTo(24).isGreaterThanOrEqualTo(ContextPacker.MIN_PIECE_TOKENS);
        assertThat(longText).startsWith(packed.text().strip());
        assertThat(packed.text()).endsWith("\n\n");
        assertThat(packed.used()).hasSize(1);
    }

    @Test
    void packingStopsWhenTooLittleRoomIsLeft() {
        String text = "The court held that the contract was void.";
        int one = TOKENIZER.encode(text + ContextPacker.SEPARATOR).length;
        ContextPacker.Packed packed = ContextPacker.pack(List.of(hit("a", text, 2), hit("b", text + " Again and again.", 1)),
                one + ContextPacker.MIN_PIECE_TOKENS - 1, TOKENIZER);
        assertThat(packed.used()).extracting(h -> h.passage().documentId()).containsExactly("a");
        assertThat(ContextPacker.pack(List.of(), 100, TOKENIZER).text()).isEmpty();
        assertThat(ContextPacker.pack(List.of(hit("a", text, 1)), 0, TOKENIZER).used()).isEmpty();
    }
}
