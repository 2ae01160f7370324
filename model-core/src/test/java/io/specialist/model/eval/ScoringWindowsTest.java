package io.specialist.model.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScoringWindowsTest {

    @Test
    void everyTargetIsScoredExactlyOnceWithEnoughContext() {
        for (int context : new int[] {2, 3, 8, 16, 128}) {
            for (int n = 0; n < 300; n++) {
                int seqLen = n + 1;
                int[] counted = new int[seqLen];
                List<ScoringWindows.Window> windows = ScoringWindows.windows(seqLen, context);
                for (int k = 0; k < windows.size(); k++) {
                    ScoringWindows.Window w = windows.get(k);
                    assertThat(w.length()).isBetween(1, context);
                    assertThat(w.start() + w.length()).isLessThanOrEqualTo(n);
                    assertThat(w.scored()).isPositive();
                    for (int p = w.scoreFrom(); p < w.length(); p++) {
                        int target = w.start() + p + 1;
                        counted[target]++;
                        if (k > 0) {
                            // later windows give each scored token at least L - stride tokens of context
                            assertThat(p + 1).isGreaterThanOrEqualTo(context - ScoringWindows.stride(context));
                        }
                    }
                }
                assertThat(counted[0]).isZero();
                for (int t = 1; t < seqLen; t++) {
                    assertThat(counted[t]).as("n=%d context=%d target %d", n, context, t).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void shortTextIsOneWindowAndLongTextOverlaps() {
        assertThat(ScoringWindows.windows(10, 16)).containsExactly(new ScoringWindows.Window(0, 9, 0));
        assertThat(ScoringWindows.windows(1, 16)).isEmpty();
        assertThat(ScoringWindows.windows(21, 8)).containsExactly(
                new ScoringWindows.Window(0, 8, 0),
                new ScoringWindows.Window(4, 8, 4),
                new ScoringWindows.Window(8, 8, 4),
                new ScoringWindows.Window(12, 8, 4));
        assertThat(ScoringWindows.windows(23, 8)).endsWith(
                new ScoringWindows.Window(12, 8, 4),
                new ScoringWindows.Window(16, 6, 4));
    }
}
