package io.specialist.trainer.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairBuilderTests {

    static final Instant T0 = Instant.parse("2026-11-26T00:00:00Z");

    static StoredFeedback rated(String prompt, String completion, double rating, int second) {
        return new StoredFeedback(prompt, completion, rating, null, null, T0.plusSeconds(second));
    }

    static StoredFeedback explicit(String prompt, String completion, String preferred, String rejected, int second) {
        return new StoredFeedback(prompt, completion, null, preferred, rejected, T0.plusSeconds(second));
    }

    @Test
    void explicitJudgementsBecomePairsWithTheRatedCompletionWhereOnlyOneSideIsGiven() {
        List<FeedbackPair> pairs = PairBuilder.build("legal", List.of(
                explicit("p1", "c1", "good", "bad", 1),
                explicit("p2", "c2", "better", null, 2),
                explicit("p3", "c3", null, "worse", 3),
                explicit("p4", "same", "same", null, 4)));
        assertThat(pairs).extracting(FeedbackPair::prompt, FeedbackPair::chosen, FeedbackPair::rejected)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("p1", "good", "bad"),
                        org.assertj.core.groups.Tuple.tuple("p2", "better", "c2"),
                        org.assertj.core.groups.Tuple.tuple("p3", "c3", "worse"));
        assertThat(pairs).allMatch(p -> p.source().equals(FeedbackPair.EXPLICIT) && p.domain().equals("legal"));
    }

    @Test
    void differentlyRatedCompletionsOfOnePromptArePairedHigherOverLower() {
        List<FeedbackPair> pairs = PairBuilder.build("legal", List.of(
                rated("q", "a", 1.0, 1),
                rated("q", "b", -1.0, 2),
                rated("q", "c", 0.5, 3),
                rated("q", "c", -0.5, 4),   // c's mean is 0: between a and b
                rated("q", "d", 1.0, 5),    // ties with a: no pair between them
                rated("other", "x", -1.0, 6)));
        assertThat(pairs).extracting(p -> p.chosen() + ">" + p.rejected())
                .containsExactlyInAnyOrder("a>b", "a>c", "c>b", "d>b", "d>c");
        assertThat(pairs).allMatch(p -> p.source().equals(FeedbackPair.RATINGS));
        FeedbackPair cb = pairs.stream().filter(p -> p.chosen().equals("c") && p.rejected().equals("b")).findFirst()
                .orElseThrow();
        assertThat(cb.receivedAt()).as("dated by its newest judgement").isEqualTo(T0.plusSeconds(4));
    }

    @Test
    void duplicatesAreOnePairAndDisagreementsAreDropped() {
        List<FeedbackPair> pairs = PairBuilder.build("legal", List.of(
                explicit("p", "c", "good", "bad", 1),
                explicit("p", "c", "good", "bad", 9),
                explicit("z", "c", "left", "right", 2),
                explicit("z", "c", "right", "left", 3)));
        assertThat(pairs).hasSize(1);
        assertThat(pairs.get(0).receivedAt()).isEqualTo(T0.plusSeconds(9));
        assertThat(pairs.get(0).id()).isEqualTo(PairBuilder.id("legal", "p", "good", "bad")).hasSize(16);
    }

    @Test
    void theSplitIsStablePerPromptAndHoldsOutAboutAFifth() {
        int heldout = 0;
        for (int i = 0; i < 2000; i++) {
            String split = PairSplit.of("legal", "prompt " + i);
            assertThat(PairSplit.of("legal", "prompt " + i)).isEqualTo(split);
            heldout += split.equals(PairSplit.HELDOUT) ? 1 : 0;
        }
        assertThat(heldout).isBetween(330, 470);
        List<FeedbackPair> pairs = PairBuilder.build("legal", List.of(rated("q", "a", 1, 1), rated("q", "b", -1, 2),
                rated("q", "c", 0, 3)));
        assertThat(pairs).extracting(FeedbackPair::split).containsOnly(PairSplit.of("legal", "q"));
    }
}
