package io.specialist.model.eval;

import io.specialist.model.Activations;
import io.specialist.model.TransformerModel;
import io.specialist.model.tokenizer.BpeTokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores documents with a model: bits per UTF-8 byte (the sum over text tokens of -log2 p(token |
 * [EOT] + previous tokens), divided by the text's UTF-8 length; independent of the tokenizer) and
 * top-1 next-token accuracy. Long texts are scored with {@link ScoringWindows}.
 */
public final class Evaluator {

    private static final int BATCH = 8;
    private static final double LN2 = Math.log(2);

    /**
     * @param tokens      text tokens scored (each exactly once)
     * @param bytes       UTF-8 bytes of the texts
     * @param bits        total -log2 probability of the tokens
     * @param correct     tokens whose most likely prediction was right
     */
    public record Score(long tokens, long bytes, double bits, long correct) {
        public double bitsPerByte() {
            return bytes == 0 ? Double.NaN : bits / bytes;
        }

        public double bitsPerToken() {
            return tokens == 0 ? Double.NaN : bits / tokens;
        }

        public double accuracy() {
            return tokens == 0 ? Double.NaN : (double) correct / tokens;
        }

        public Score plus(Score o) {
            return new Score(tokens + o.tokens, bytes + o.bytes, bits + o.bits, correct + o.correct);
        }
    }

    private Evaluator() {
    }

    /** Scores {@code documents} with the model's full context length. */
    public static Score evaluate(TransformerModel model, BpeTokenizer tokenizer, List<String> documents) {
        return evaluate(model, tokenizer, documents, model.config().contextLength());
    }

    /** Scores {@code documents} with windows of at most {@code contextLength} tokens. */
    public static Score evaluate(TransformerModel model, BpeTokenizer tokenizer, List<String> documents,
                                 int contextLength) {
        if (contextLength > model.config().contextLength()) {
            throw new IllegalArgumentException("contextLength " + contextLength + " exceeds the model's "
                    + model.config().contextLength());
        }
        long bytes = 0;
        List<Job> jobs = new ArrayList<>();
        for (String doc : documents) {
            bytes += doc.getBytes(StandardCharsets.UTF_8).length;
            int[] ids = tokenizer.encode(doc);
            int[] seq = new int[ids.length + 1];
            seq[0] = tokenizer.endOfDocument();
            System.arraycopy(ids, 0, seq, 1, ids.length);
            for (ScoringWindows.Window w : ScoringWindows.windows(seq.length, contextLength)) {
                jobs.add(new Job(seq, w));
            }
        }
        // Windows of equal length share batches; each row's logits do not depend on its batch-mates.
        Map<Integer, List<Job>> byLength = new HashMap<>();
        for (Job job : jobs) {
            byLength.computeIfAbsent(job.window.length(), k -> new ArrayList<>()).add(job);
        }
        double bits = 0;
        long tokens = 0, correct = 0;
        int vocab = model.config().vocabSize();
        for (Map.Entry<Integer, List<Job>> group : new java.util.TreeMap<>(byLength).entrySet()) {
            int len = group.getKey();
            List<Job> list = group.getValue();
            Activations full = null; // reused by every full batch of this length
            for (int from = 0; from < list.size(); from += BATCH) {
                int b = Math.min(BATCH, list.size() - from);
                if (b == BATCH && full == null) {
                    full = new Activations(model.config(), b, len);
                }
                Activations acts = b == BATCH ? full : new Activations(model.config(), b, len);
                int[] inputs = new int[b * len];
                for (int r = 0; r < b; r++) {
                    Job job = list.get(from + r);
                    System.arraycopy(job.seq, job.window.start(), inputs, r * len, len);
                }
                model.forward(acts, inputs, null);
                float[] logits = acts.logits();
                for (int r = 0; r < b; r++) {
                    Job job = list.get(from + r);
                    for (int p = job.window.scoreFrom(); p < len; p++) {
                        int target = job.seq[job.window.start() + p + 1];
                        int off = (r * len + p) * vocab;
                        bits += -logProb(logits, off, vocab, target) / LN2;
                        if (argmax(logits, off, vocab) == target) {
                            correct++;
                        }
                        tokens++;
                    }
                }
            }
        }
        return new Score(tokens, bytes, bits, correct);
    }

    /** Natural log of softmax(logits[off, off+vocab))[target], in double. */
    public static double logProb(float[] logits, int off, int vocab, int target) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < vocab; v++) {
            max = Math.max(max, logits[off + v]);
        }
        double sum = 0;
        for (int v = 0; v < vocab; v++) {
            sum += Math.exp(logits[off + v] - max);
        }
        return logits[off + target] - max - Math.log(sum);
    }

    private static int argmax(float[] logits, int off, int vocab) {
        int best = 0;
        for (int v = 1; v < vocab; v++) {
            if (logits[off + v] > logits[off + best]) {
                best = v;
            }
        }
        return best;
    }

    private record Job(int[] seq, ScoringWindows.Window window) {
    }
}
