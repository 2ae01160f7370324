package io.specialist.model.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * How a document is cut into model-sized windows for scoring. This is the one definition shared by
 * the Java {@link Evaluator} and the ONNX Runtime scorer, so both give the same bits per byte.
 *
 * <p>A document of n text tokens is scored as the sequence s = [EOT, t1, ..., tn]: each t_j is
 * predicted from s[0..j). When n+1 tokens do not fit the context length L, windows of up to L input
 * tokens start every {@code stride = L/2} tokens; each window scores only the targets the previous
 * window did not reach, so every token is counted exactly once and (after the first window) sees at
 * least L - stride tokens of context.
 */
public final class ScoringWindows {

    /**
     * One window: the model reads {@code s[start, start + length)}; outputs at positions
     * {@code p in [scoreFrom, length)} predict {@code s[start + p + 1]} and are counted.
     */
    public record Window(int start, int length, int scoreFrom) {
        /** Number of targets this window counts. */
        public int scored() {
            return length - scoreFrom;
        }
    }

    private ScoringWindows() {
    }

    /** Stride between window starts for a context length. */
    public static int stride(int contextLength) {
        return Math.max(1, contextLength / 2);
    }

    /**
     * Windows covering the targets of a sequence of {@code sequenceLength} tokens (n text tokens plus
     * the leading EOT, so n + 1). Empty when there is nothing to predict.
     */
    public static List<Window> windows(int sequenceLength, int contextLength) {
        if (contextLength < 2) {
            throw new IllegalArgumentException("contextLength must be at least 2, got " + contextLength);
        }
        int targets = sequenceLength - 1; // s[1..n] are predicted
        List<Window> out = new ArrayList<>();
        int stride = stride(contextLength);
        int scoredUpTo = 0; // targets s[1..scoredUpTo] are already counted
        for (int start = 0; scoredUpTo < targets; start += stride) {
            int length = Math.min(contextLength, targets - start);
            int end = start + length; // this window predicts s[start+1 .. end]
            out.add(new Window(start, length, scoredUpTo - start));
            scoredUpTo = end;
        }
        return out;
    }
}
