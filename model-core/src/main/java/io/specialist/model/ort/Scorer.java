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
        int context = forward.config().contextLength();
        List<int[]> sequences = new ArrayList<>(texts.size());
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            int[] ids = tokenizer.encode(texts.get(i));
            int[] seq = new int[ids.length + 1];
            seq[0] = tokenizer.endOfDocument();
            System.arraycopy(ids, 0, seq, 1, ids.length);
            sequences.add(seq);
            for (ScoringWindows.Window w : ScoringWindows.windows(seq.length, context)) {
                jobs.add(new Job(i, w));
            }
        }
        double[] bits = new double[texts.size()];
        jobs.sort((a, b) -> Integer.compare(b.window().length(), a.window().length())); // little padding
        for (int from = 0; from < jobs.size(); from += BATCH_ROWS) {
            runBatch(jobs.subList(from, Math.min(jobs.size(), from + BATCH_ROWS)), sequences, bits);
        }
        List<ScoreResult> results = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            long bytes = texts.get(i).getBytes(StandardCharsets.UTF_8).length;
            results.add(new ScoreResult(sequences.get(i).length - 1, bytes, bits[i], bytes == 0 ? 0 : bits[i] / bytes));
        }
        return results;
    }

    private void runBatch(List<Job> batch, List<int[]> sequences, double[] bits) throws OrtException {
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
        try (OrtForward.Step step = forward.run(ids, rows, width, null)) {
            float[] logits = step.logits();
            int v = forward.config().vocabSize();
            for (int r = 0; r < rows; r++) {
                ScoringWindows.Window w = batch.get(r).window();
                int[] seq = sequences.get(batch.get(r).text());
                double sum = 0;
                for (int p = w.scoreFrom(); p < w.length(); p++) {
                    int row = (r * width + p) * v;
                    int target = seq[w.start() + p + 1];
                    sum += (LogSumExp.of(logits, row, v) - logits[row + target]) / LN2;
                }
                bits[batch.get(r).text()] += sum;
            }
        }
    }
}
