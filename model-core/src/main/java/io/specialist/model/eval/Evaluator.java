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

        /** This score as text ("tokens bytes bits correct"; bits round-trip exactly), for checkpoint metadata. */
        public String encode() {
            return tokens + " " + bytes + " " + Double.toString(bits) + " " + correct;
        }

        /** The score {@link #encode} wrote, or empty if {@code text} is null or not of that form. */
        public static java.util.Optional<Score> decode(String text) {
            if (text == null) {
                return java.util.Optional.empty();
            }
            String[] f = text.trim().split(" ");
            try {
                return f.length == 4 ? java.util.Optional.of(new Score(Long.parseLong(f[0]), Long.parseLong(f[1]),
                        Double.parseDouble(f[2]), Long.parseLong(f[3]))) : java.util.Optional.empty();
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
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
        Score total = new Score(0, 0, 0, 0);
        for (Score s : evaluateEach(model, tokenizer, documents, contextLength)) {
            total = total.plus(s);
        }
        return total;
    }

    /**
     * One score per document, in order, with the model's full context length. The windows of all
     * documents share batches, so this costs the same as {@link #evaluate} on the whole list, where
     * scoring one document at a time runs mostly batches of one.
     */
    public static List<Score> evaluateEach(TransformerModel model, BpeTokenizer tokenizer, List<String> documents) {
        return evaluateEach(model, tokenizer, documents, model.config().contextLength());
    }

    /** One score per document, in order, with windows of at most {@code contextLength} tokens. */
    public static List<Score> evaluateEach(TransformerModel model, BpeTokenizer tokenizer, List<String> documents,
                                           int contextLength) {
        return evaluateEach(model, tokenizer, java.util.Collections.nCopies(documents.size(), ""), documents,
                contextLength);
    }

    /**
     * Conditional scores, one per text, in order: text i is read after {@code contexts.get(i)} and only its
     * tokens and UTF-8 bytes are counted (the bits/byte of a response given its prompt). The sequence is
     * [EOT, context tokens, text tokens], windowed over the whole sequence, as ONNX Runtime's conditional
     * scoring does it, so both give the same numbers; an empty context gives the unconditional score.
     */
    public static List<Score> evaluateEachGiven(TransformerModel model, BpeTokenizer tokenizer, List<String> contexts,
                                                List<String> texts) {
        return evaluateEach(model, tokenizer, contexts, texts, model.config().contextLength());
    }

    /** The sum of {@link #evaluateEachGiven}: bits per byte of the texts given their contexts. */
    public static Score evaluateGiven(TransformerModel model, BpeTokenizer tokenizer, List<String> contexts,
                                      List<String> texts) {
        Score total = new Score(0, 0, 0, 0);
        for (Score s : evaluateEachGiven(model, tokenizer, contexts, texts)) {
            total = total.plus(s);
        }
        return total;
    }

    private static List<Score> evaluateEach(TransformerModel model, BpeTokenizer tokenizer, List<String> contexts,
                                            List<String> documents, int contextLength) {
        if (contexts.size() != documents.size()) {
            throw new IllegalArgumentException(contexts.size() + " contexts for " + documents.size() + " texts");
        }
        if (contextLength > model.config().contextLength()) {
            throw new IllegalArgumentException("contextLength " + contextLength + " exceeds the model's "
                    + model.config().contextLength());
        }
        int n = documents.size();
        long[] bytes = new long[n];
        double[] bits = new double[n];
        long[] tokens = new long[n];
        long[] correct = new long[n];
        List<Job> jobs = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            String doc = documents.get(d);
            bytes[d] = doc.getBytes(StandardCharsets.UTF_8).length;
            int[] prefix = contexts.get(d).isEmpty() ? new int[0] : tokenizer.encode(contexts.get(d));
            int[] ids = tokenizer.encode(doc);
            int[] seq = new int[1 + prefix.length + ids.length];
            seq[0] = tokenizer.endOfDocument();
            System.arraycopy(prefix, 0, seq, 1, prefix.length);
            System.arraycopy(ids, 0, seq, 1 + prefix.length, ids.length);
            int firstTarget = 1 + prefix.length; // seq index of the first counted token
            for (ScoringWindows.Window w : ScoringWindows.windows(seq.length, contextLength)) {
                if (w.start() + w.length() >= firstTarget) { // windows that predict context only are skipped
                    jobs.add(new Job(d, seq, w, Math.max(w.scoreFrom(), firstTarget - 1 - w.start())));
                }
            }
        }
        // Windows of equal length share batches; each row's logits do not depend on its batch-mates.
        // Groups and rows keep a fixed order, so every document's sum is reproducible.
        Map<Integer, List<Job>> byLength = new HashMap<>();
        for (Job job : jobs) {
            byLength.computeIfAbsent(job.window.length(), k -> new ArrayList<>()).add(job);
        }
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
                    for (int p = job.scoreFrom; p < len; p++) {
                        int target = job.seq[job.window.start() + p + 1];
                        int off = (r * len + p) * vocab;
                        bits[job.doc] += -logProb(logits, off, vocab, target) / LN2;
                        if (argmax(logits, off, vocab) == target) {
                            correct[job.doc]++;
                        }
                        tokens[job.doc]++;
                    }
                }
            }
        }
        List<Score> scores = new ArrayList<>(n);
        for (int d = 0; d < n; d++) {
            scores.add(new Score(tokens[d], bytes[d], bits[d], correct[d]));
        }
        return scores;
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

    /** One window of document {@code doc}; outputs from {@code scoreFrom} on are counted. */
    private record Job(int doc, int[] seq, ScoringWindows.Window window, int scoreFrom) {
    }
}
