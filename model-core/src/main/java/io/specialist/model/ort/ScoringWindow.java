package io.specialist.model.ort;

import java.util.ArrayList;
import java.util.List;

/**
 * One model run while scoring a text of n tokens. The model reads inputs {@code seq[start, start+length)}
 * of {@code seq = [EOT] + tokens}; input t predicts {@code seq[start + t + 1]}; only predictions
 * t >= firstScored count, so that each of the n tokens is scored exactly once.
 */
record ScoringWindow(int text, int start, int length, int firstScored) {

    ScoringWindow forText(int index) {
        return new ScoringWindow(index, start, length, firstScored);
    }

    /**
     * Windows over a text of {@code n} tokens: {@code context} long, starting every {@code context / 2}
     * tokens; each scores the tokens the previous one did not reach.
     */
    static List<ScoringWindow> cover(int n, int context) {
        List<ScoringWindow> windows = new ArrayList<>();
        int stride = Math.max(1, context / 2);
        int scoredUpTo = 0; // inputs [0, scoredUpTo) have had their prediction counted
        for (int start = 0; scoredUpTo < n; start += stride) {
            int end = Math.min(n, start + context);
            windows.add(new ScoringWindow(0, start, end - start, scoredUpTo - start));
            scoredUpTo = end;
        }
        return windows;
    }
}
