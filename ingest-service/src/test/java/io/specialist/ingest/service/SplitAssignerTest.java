package io.specialist.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.specialist.events.Split;
import org.junit.jupiter.api.Test;

class SplitAssignerTest {

    @Test
    void sameHashAlwaysGetsTheSameSplit() {
        SplitAssigner splits = new SplitAssigner(0.1);
        String sha = ContentHash.sha256("some document");
        Split first = splits.assign(sha);
        for (int i = 0; i < 10; i++) {
            assertThat(new SplitAssigner(0.1).assign(sha)).isEqualTo(first);
        }
    }

    @Test
    void heldoutShareFollowsTheFraction() {
        SplitAssigner splits = new SplitAssigner(0.1);
        int heldout = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            if (splits.assign(ContentHash.sha256("document number " + i)) == Split.HELDOUT) {
                heldout++;
            }
        }
        // Binomial(20000, 0.1): mean 2000, sd ~42; 5 sd either side.
        assertThat(heldout).isBetween(1790, 2210);
    }

    @Test
    void extremesAndBadFractions() {
        String sha = ContentHash.sha256("x");
        assertThat(new SplitAssigner(0).assign(sha)).isEqualTo(Split.TRAIN);
        assertThat(new SplitAssigner(1).assign(sha)).isEqualTo(Split.HELDOUT);
        assertThatThrownBy(() -> new SplitAssigner(1.5)).hasMessageContaining("heldout-fraction");
    }
}
