package io.specialist.model.ort;

import ai.onnxruntime.OrtException;
import io.specialist.model.eval.Evaluator;
import io.specialist.model.eval.ScoringWindows;
import io.specialist.model.tokenizer.BpeTokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bits per byte in ONNX Runtime with {@link Evaluator}'s definition: each token is predicted from the
 * end-of-document token and the tokens before it; texts longer than the context are cut by
 * {@link ScoringWindows}. Windows of all texts are packed into batched runs, longest first.
 */
final class Scorer {

    /** Most windows one run packs together. */
    static final int BATCH_ROWS = 8;
    private static final double LN2 = Math.log(2);

    private final OrtForward forward;
    private final BpeTokenizer tokenizer;

    Scorer(OrtForward forward, BpeTokenizer tokenizer) {
        this.forward = forward;
        this.tokenizer = tokenizer;
    }

    /** One window of text {@code text}. */
    private record Job(int text, ScoringWindows.Window window) {
    }

    List<ScoreResult> score(List<String> texts) throws OrtException {
        return score(java.util.Collections.nCopies(texts.size(), ""), texts);
    }

    /**
     * Scores each text given its context: the sequence is [EOT, context tokens, text tokens] and only
     * the text tokens are counted, so an empty context gives exactly the unconditional score. Windows
     * run over the whole sequence, so a context plus text that fit the model's window are read in one
     * window; beyond that the context slides out as it does for long texts.
     */
    List<ScoreResult> score(List<String> contexts, List<String> texts) throws OrtException {
        if (contexts.size() != texts.size()) {
            throw new IllegalArgumentException(contexts.size() + " contexts for " + texts.size() + " texts");
        }
        int context = forward.config().contextLength();
        List<int[]> sequences = new ArrayList<>(texts.size());
        int[] firstTarget = new int[texts.size()]; // index in the sequence of the first counted token
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            int[] prefix = contexts.get(i).isEmpty() ? new int[0] : tokenizer.encode(contexts.get(i));
            int[] ids = tokenizer.encode(texts.get(i));
            int[] seq = new int[1 + prefix.length + ids.length];
            seq[0] = tokenizer.endOfDocument();
            System.arraycopy(prefix, 0, seq, 1, prefix.length);
            System.arraycopy(ids, 0, seq, 1 + prefix.length, ids.length);
            sequences.add(seq);
            firstTarget[i] = 1 + prefix.length;
            for (ScoringWindows.Window w : ScoringWindows.windows(seq.length, context)) {
                if (w.start() + w.length() >= firstTarget[i]) { // windows that predict context only are skipped
                    jobs.add(new Job(i, w));
                }
            }
        }
        double[] bits = new double[texts.size()];
        jobs.sort((a, b) -> Integer.compare(b.window().length(), a.window().length())); // little padding
        for (int from = 0; from < jobs.size(); from += BATCH_ROWS) {
            runBatch(jobs.subList(from, Math.min(jobs.size(), from + BATCH_ROWS)), sequences, firstTarget, bits);
        }
        List<ScoreResult> results = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            long bytes = texts.get(i).getBytes(StandardCharsets.UTF_8).length;
            long tokens = sequences.get(i).length - firstTarget[i];
            results.add(new ScoreResult(tokens, bytes, bits[i], bytes == 0 ? 0 : bits[i] / bytes));
        }
        return results;
    }

    private void runBatch(List<Job> batch, List<int[]> sequences, int[] firstTarget, double[] bits) throws OrtException {
        int rows = batch.size();
        int width = batch.get(0).window().length();
        long[] ids = new long[rows * width];
        Arrays.fill(ids, tokenizer.endOfDocument()); // right padding: causal attention never looks ahead
        for (int r = 0; r < rows; r++) {
            ScoringWindows.Window w = batch.get(r).window();
            int[] seq = sequences.get(batch.get(r).text());
            for (int t = 0; t < w.length(); t++) {
                ids[r * width + t] = seq[w.start() + t];
            }
        }
        if (forward.hasScoringGraph()) {
            runInGraph(batch, sequences, firstTarget, bits, ids, rows, width);
            return;
        }
        try (OrtForward.Step step = forward.run(ids, rows, width, null)) {
            float[] logits = step.logits();
            int v = forward.config().vocabSize();
            for (int r = 0; r < rows; r++) {
                ScoringWindows.Window w = batch.get(r).window();
                int[] seq = sequences.get(batch.get(r).text());
                double sum = 0;
                int from = countedFrom(w, firstTarget[batch.get(r).text()]);
                for (int p = from; p < w.length(); p++) {
                    int row = (r * width + p) * v;
                    int target = seq[w.start() + p + 1];
                    sum += (LogSumExp.of(logits, row, v) - logits[row + target]) / LN2;
                }
                bits[batch.get(r).text()] += sum;
            }
        }
    }

    /** First position of the window whose prediction is counted: not scored before, and not a context token. */
    private static int countedFrom(ScoringWindows.Window w, int firstTarget) {
        return Math.max(w.scoreFrom(), firstTarget - 1 - w.start());
    }

    /** As the logits path, with the output head, log-softmax and the targets' gather in the scoring graph. */
    private void runInGraph(List<Job> batch, List<int[]> sequences, int[] firstTarget, double[] bits, long[] ids,
                            int rows, int width) throws OrtException {
        int[] from = new int[rows];
        int n = 0;
        for (int r = 0; r < rows; r++) {
            ScoringWindows.Window w = batch.get(r).window();
            from[r] = countedFrom(w, firstTarget[batch.get(r).text()]);
            n += w.length() - from[r];
        }
        long[] positions = new long[n]; // only counted positions: the head never runs on padding or overlap
        long[] targets = new long[n];
        int k = 0;
        for (int r = 0; r < rows; r++) {
            ScoringWindows.Window w = batch.get(r).window();
            int[] seq = sequences.get(batch.get(r).text());
            for (int p = from[r]; p < w.length(); p++, k++) {
                positions[k] = (long) r * width + p;
                targets[k] = seq[w.start() + p + 1];
            }
        }
        float[] logProbs = forward.targetLogProbs(ids, rows, width, positions, targets);
        k = 0;
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int p = from[r]; p < batch.get(r).window().length(); p++, k++) {
                sum -= logProbs[k];
            }
            bits[batch.get(r).text()] += sum / LN2;
        }
    }
}
