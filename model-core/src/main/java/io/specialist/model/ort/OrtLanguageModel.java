package io.specialist.model.ort;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.specialist.model.ModelConfig;
import io.specialist.model.eval.Evaluator;
import io.specialist.model.eval.ScoringWindows;
import io.specialist.model.onnx.ModelMetadata;
import io.specialist.model.onnx.OnnxExporter;
import io.specialist.model.tokenizer.BpeTokenizer;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A model exported by {@link OnnxExporter}, run by ONNX Runtime: scoring (bits per byte) and text
 * generation with a key/value cache. Everything it needs (tokenizer, shape) comes from the file.
 *
 * <p>Thread-safe: concurrent calls share the session. {@link #close()} must not run while another
 * thread is inside a call (ONNX Runtime would crash the JVM): share instances through
 * {@link RefCounted} leases when they can be replaced while in use.
 */
public final class OrtLanguageModel implements AutoCloseable {

    /** Most windows one scoring run packs together. */
    static final int SCORE_BATCH_ROWS = 8;
    private static final double LN2 = Math.log(2);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelMetadata metadata;
    private final BpeTokenizer tokenizer;
    private final ModelConfig config;

    private OrtLanguageModel(OrtEnvironment env, OrtSession session, ModelMetadata metadata, BpeTokenizer tokenizer) {
        this.env = env;
        this.session = session;
        this.metadata = metadata;
        this.tokenizer = tokenizer;
        this.config = metadata.config();
    }

    /**
     * Loads a model from its ONNX bytes with the default {@link OrtSettings}.
     *
     * @throws InvalidModelException if the bytes are not an ONNX model, lack the Specialist metadata,
     *                               or the graph does not have the expected inputs and outputs
     */
    public static OrtLanguageModel load(byte[] onnx, int intraOpThreads) {
        return load(onnx, OrtSettings.defaults(intraOpThreads));
    }

    /** As {@link #load(byte[], int)} from a file. */
    public static OrtLanguageModel load(Path onnxFile, int intraOpThreads) throws IOException {
        return load(Files.readAllBytes(onnxFile), intraOpThreads);
    }

    public static OrtLanguageModel load(byte[] onnx, OrtSettings settings) {
        if (onnx == null || onnx.length == 0) {
            throw new InvalidModelException("model bytes are empty");
        }
        OrtEnvironment env = OrtRuntime.environment();
        OrtSession session;
        try (OrtSession.SessionOptions options = settings.toSessionOptions()) {
            session = env.createSession(onnx, options);
        } catch (OrtException e) {
            throw new InvalidModelException("not a loadable ONNX model (" + onnx.length + " bytes): " + e.getMessage(), e);
        }
        try {
            ModelMetadata metadata = ModelMetadata.fromProperties(session.getMetadata().getCustomMetadata());
            BpeTokenizer tokenizer = BpeTokenizer.fromJson(metadata.tokenizerJson());
            if (tokenizer.vocabSize() > metadata.config().vocabSize()) {
                throw new InvalidModelException("tokenizer has " + tokenizer.vocabSize()
                        + " tokens but the model only " + metadata.config().vocabSize());
            }
            checkGraph(session, metadata.config());
            return new OrtLanguageModel(env, session, metadata, tokenizer);
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof InvalidModelException ime) {
                throw ime;
            }
            throw new InvalidModelException("not a usable Specialist model: " + e.getMessage(), e);
        }
    }

    private static void checkGraph(OrtSession session, ModelConfig c) throws OrtException {
        Set<String> inputs = new HashSet<>(List.of(OnnxExporter.INPUT_IDS));
        Set<String> outputs = new HashSet<>(List.of(OnnxExporter.LOGITS));
        for (int l = 0; l < c.layers(); l++) {
            inputs.add(OnnxExporter.pastKey(l));
            inputs.add(OnnxExporter.pastValue(l));
            outputs.add(OnnxExporter.presentKey(l));
            outputs.add(OnnxExporter.presentValue(l));
        }
        if (!session.getInputNames().equals(inputs) || !session.getOutputNames().containsAll(outputs)) {
            throw new InvalidModelException("graph does not follow " + OnnxExporter.GRAPH_CONTRACT + " for " + c
                    + ": inputs " + session.getInputNames() + ", outputs " + session.getOutputNames());
        }
    }

    public ModelConfig config() {
        return config;
    }

    public BpeTokenizer tokenizer() {
        return tokenizer;
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    // ------------------------------------------------------------------ forward

    /** One forward call's outputs; owns ORT memory until closed. */
    private final class Step implements AutoCloseable {
        final OrtSession.Result result;
        final int batch;
        final int length; // new tokens T

        Step(OrtSession.Result result, int batch, int length) {
            this.result = result;
            this.batch = batch;
            this.length = length;
        }

        float[] floats(String name) {
            FloatBuffer fb = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
            float[] out = new float[fb.remaining()];
            fb.get(out);
            return out;
        }

        OnnxTensor tensor(String name) {
            return (OnnxTensor) result.get(name).orElseThrow();
        }

        @Override
        public void close() {
            result.close();
        }
    }

    /** Runs {@code tokens} (batch, length) after the cache in {@code past} (null for none). */
    private Step run(long[] tokens, int batch, int length, Step past) throws OrtException {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        List<OnnxTensor> owned = new ArrayList<>();
        try {
            OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(tokens), new long[] {batch, length});
            owned.add(ids);
            inputs.put(OnnxExporter.INPUT_IDS, ids);
            OnnxTensor empty = null;
            for (int l = 0; l < config.layers(); l++) {
                if (past != null) {
                    // The previous call's present_* tensors go straight back in: no copy through Java.
                    inputs.put(OnnxExporter.pastKey(l), past.tensor(OnnxExporter.presentKey(l)));
                    inputs.put(OnnxExporter.pastValue(l), past.tensor(OnnxExporter.presentValue(l)));
                } else {
                    if (empty == null) {
                        empty = OnnxTensor.createTensor(env, FloatBuffer.allocate(0),
                                new long[] {batch, config.heads(), 0, config.headSize()});
                        owned.add(empty);
                    }
                    inputs.put(OnnxExporter.pastKey(l), empty);
                    inputs.put(OnnxExporter.pastValue(l), empty);
                }
            }
            return new Step(session.run(inputs), batch, length);
        } finally {
            owned.forEach(OnnxTensor::close);
        }
    }

    /**
     * Logits (B, T, V) for tokens (B, T) at positions 0..T-1: the same contract as
     * {@code TransformerModel.logits}, for parity checks and benchmarks.
     */
    public float[] logits(int[] tokens, int batch, int seqLen) {
        if (tokens.length != batch * seqLen) {
            throw new IllegalArgumentException("expected " + batch + "x" + seqLen + " tokens, got " + tokens.length);
        }
        checkLength(seqLen);
        try (Step step = run(toLongs(tokens, 0, tokens.length), batch, seqLen, null)) {
            return step.floats(OnnxExporter.LOGITS);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ scoring

    /** Bits per byte of {@code text}; see {@link ScoreResult}. */
    public ScoreResult score(String text) {
        return score(List.of(text)).get(0);
    }

    /**
     * Scores several texts, packing their windows into batched runs. The definition is
     * {@link Evaluator}'s: each token is predicted from the end-of-document token and the tokens
     * before it, and texts longer than the context are cut by {@link ScoringWindows}.
     */
    public List<ScoreResult> score(List<String> texts) {
        List<int[]> sequences = new ArrayList<>(texts.size());
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            int[] ids = tokenizer.encode(texts.get(i));
            int[] seq = new int[ids.length + 1];
            seq[0] = tokenizer.endOfDocument();
            System.arraycopy(ids, 0, seq, 1, ids.length);
            sequences.add(seq);
            for (ScoringWindows.Window w : ScoringWindows.windows(seq.length, config.contextLength())) {
                jobs.add(new Job(i, w));
            }
        }
        double[] bits = new double[texts.size()];
        // Longest first so that each batch pads little.
        jobs.sort((a, b) -> Integer.compare(b.window().length(), a.window().length()));
        try {
            for (int from = 0; from < jobs.size(); from += SCORE_BATCH_ROWS) {
                scoreBatch(jobs.subList(from, Math.min(jobs.size(), from + SCORE_BATCH_ROWS)), sequences, bits);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed while scoring: " + e.getMessage(), e);
        }
        List<ScoreResult> results = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            long bytes = texts.get(i).getBytes(StandardCharsets.UTF_8).length;
            int tokens = sequences.get(i).length - 1;
            results.add(new ScoreResult(tokens, bytes, bits[i], bytes == 0 ? 0 : bits[i] / bytes));
        }
        return results;
    }

    /** One scoring window of text {@code text}. */
    private record Job(int text, ScoringWindows.Window window) {
    }

    private void scoreBatch(List<Job> batch, List<int[]> sequences, double[] bits) throws OrtException {
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
        try (Step step = run(ids, rows, width, null)) {
            float[] logits = step.floats(OnnxExporter.LOGITS);
            int v = config.vocabSize();
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

    // ------------------------------------------------------------------ generation

    /** As {@link #generate(GenerationRequest, TokenSink)} without streaming. */
    public GenerationResult generate(GenerationRequest request) {
        return generate(request, TokenSink.NONE);
    }

    /**
     * Generates a continuation of the request's prompt, streaming text to {@code sink}. The prompt is
     * encoded after an end-of-document token; generating that token ends the text ({@code "stop"}).
     * With the cache, the window is computed once and each new token costs one single-token step;
     * when the window is full the oldest tokens are dropped (the newest half is kept) and the cache is
     * rebuilt from what remains.
     */
    public GenerationResult generate(GenerationRequest req, TokenSink sink) {
        int[] prompt = tokenizer.encode(req.prompt());
        int context = config.contextLength();
        int eot = tokenizer.endOfDocument();
        if (req.maxTokens() == 0) {
            return new GenerationResult("", prompt.length, 0, GenerationResult.LENGTH);
        }
        TokenWindow window = new TokenWindow(context);
        window.add(eot);
        window.addAll(prompt);
        window.keepLast(context);
        Sampler sampler = new Sampler(req.temperature(), req.topP(),
                req.seed() != null ? req.seed() : ThreadLocalRandom.current().nextLong());
        TextAssembler text = new TextAssembler(req.stop());
        int generated = 0;
        String finish;
        Step cache = null;
        int cached = 0; // tokens of the window that the cache holds
        try {
            while (true) {
                float[] logits;
                if (req.kvCache()) {
                    long[] pending = window.slice(cached, window.size());
                    Step next = run(pending, 1, pending.length, cache);
                    if (cache != null) {
                        cache.close();
                    }
                    cache = next;
                    cached = window.size();
                    logits = cache.floats(OnnxExporter.LOGITS);
                } else {
                    try (Step full = run(window.slice(0, window.size()), 1, window.size(), null)) {
                        logits = full.floats(OnnxExporter.LOGITS);
                    }
                }
                // Ids past the tokenizer's vocabulary (a model may be wider) have no text: never sample them.
                int token = sampler.next(logits, logits.length - config.vocabSize(), tokenizer.vocabSize());
                generated++;
                if (token == eot) {
                    sink.accept(token, text.finish());
                    finish = GenerationResult.STOP;
                    break;
                }
                String piece = text.append(tokenizer.tokenBytes(token));
                if (text.stopped()) {
                    sink.accept(token, piece);
                    finish = GenerationResult.STOP;
                    break;
                }
                boolean full = window.size() + 1 > context;
                if (generated >= req.maxTokens() || (full && !req.slideWindow())) {
                    sink.accept(token, piece + text.finish());
                    finish = generated >= req.maxTokens() ? GenerationResult.LENGTH : GenerationResult.CONTEXT;
                    break;
                }
                sink.accept(token, piece);
                window.add(token);
                if (full) {
                    window.keepLast(context / 2);
                    if (cache != null) {
                        cache.close();
                        cache = null;
                    }
                    cached = 0;
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed while generating: " + e.getMessage(), e);
        } finally {
            if (cache != null) {
                cache.close();
            }
        }
        return new GenerationResult(text.text(), prompt.length, generated, finish);
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private void checkLength(int seqLen) {
        if (seqLen < 1 || seqLen > config.contextLength()) {
            throw new IllegalArgumentException("sequence length must be in [1, " + config.contextLength() + "], got " + seqLen);
        }
    }

    private static long[] toLongs(int[] ints, int from, int to) {
        long[] out = new long[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = ints[i];
        }
        return out;
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException | RuntimeException ignored) {
            // closing is best effort: the session is unusable either way
        }
    }
}
