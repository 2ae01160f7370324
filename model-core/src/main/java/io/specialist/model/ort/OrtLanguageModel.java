package io.specialist.model.ort;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.specialist.model.ModelConfig;
import io.specialist.model.eval.Evaluator;
import io.specialist.model.eval.ScoringWindows;
import io.specialist.model.onnx.ModelMetadata;
import io.specialist.model.onnx.OnnxExporter;
import io.specialist.model.onnx.ScoringGraph;
import io.specialist.model.tokenizer.BpeTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * A model exported by {@link OnnxExporter}, run by ONNX Runtime: scoring (bits per byte) and text
 * generation with a key/value cache. Everything it needs (tokenizer, shape) comes from the file.
 *
 * <p>Thread-safe: concurrent calls share the session. {@link #close()} must not run while another
 * thread is inside a call (ONNX Runtime would crash the JVM): share instances through
 * {@link RefCounted} leases when they can be replaced while in use.
 */
public final class OrtLanguageModel implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OrtLanguageModel.class.getName());

    private final OrtSession session;
    private final OrtSession scoringSession; // null: scoring reads the logits of the main session
    private final ModelMetadata metadata;
    private final BpeTokenizer tokenizer;
    private final ModelConfig config;
    private final OrtForward forward;
    private final Scorer scorer;
    private final Generator generator;

    private OrtLanguageModel(OrtEnvironment env, OrtSession session, OrtSession scoringSession, ModelMetadata metadata,
                             BpeTokenizer tokenizer) {
        this.session = session;
        this.scoringSession = scoringSession;
        this.metadata = metadata;
        this.tokenizer = tokenizer;
        this.config = metadata.config();
        this.forward = new OrtForward(env, session, scoringSession, config);
        this.scorer = new Scorer(forward, tokenizer);
        this.generator = new Generator(forward, tokenizer);
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

    /**
     * As {@link #load(byte[], int)} with explicit settings. Scoring runs in a second session on the
     * model's {@link ScoringGraph} (same weights; the output head only where a score is counted).
     */
    public static OrtLanguageModel load(byte[] onnx, OrtSettings settings) {
        return load(onnx, settings, true);
    }

    /** {@code scoringGraph} false scores from the logits of the main session (the fallback path). */
    static OrtLanguageModel load(byte[] onnx, OrtSettings settings, boolean scoringGraph) {
        if (onnx == null || onnx.length == 0) {
            throw new InvalidModelException("model bytes are empty");
        }
        OrtEnvironment env = OrtRuntime.environment();
        OrtSession session;
        OrtSession scoring = null;
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
            scoring = scoringGraph ? scoringSession(env, onnx, settings) : null;
            return new OrtLanguageModel(env, session, scoring, metadata, tokenizer);
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            closeQuietly(scoring);
            if (e instanceof InvalidModelException ime) {
                throw ime;
            }
            throw new InvalidModelException("not a usable Specialist model: " + e.getMessage(), e);
        }
    }

    /**
     * A session on the model's scoring graph, or null when the graph cannot be derived (a graph of
     * the contract whose head is built differently): scoring then reads the logits instead.
     */
    private static OrtSession scoringSession(OrtEnvironment env, byte[] onnx, OrtSettings settings) throws OrtException {
        byte[] graph;
        try {
            graph = ScoringGraph.from(onnx);
        } catch (IllegalArgumentException e) {
            LOG.warning("no scoring graph, scoring reads the logits: " + e.getMessage());
            return null;
        }
        try (OrtSession.SessionOptions options = settings.toSessionOptions()) {
            return env.createSession(graph, options);
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

    /** The forward passes over the sessions, for tests of the scoring graph. */
    OrtForward forward() {
        return forward;
    }

    /**
     * Logits (B, T, V) for tokens (B, T) at positions 0..T-1: the same contract as
     * {@code TransformerModel.logits}, for parity checks and benchmarks.
     */
    public float[] logits(int[] tokens, int batch, int seqLen) {
        if (tokens.length != batch * seqLen) {
            throw new IllegalArgumentException("expected " + batch + "x" + seqLen + " tokens, got " + tokens.length);
        }
        if (seqLen < 1 || seqLen > config.contextLength()) {
            throw new IllegalArgumentException("sequence length must be in [1, " + config.contextLength() + "], got " + seqLen);
        }
        long[] ids = new long[tokens.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokens[i];
        }
        try (OrtForward.Step step = forward.run(ids, batch, seqLen, null)) {
            return step.logits();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    /** Bits per byte of {@code text}; see {@link ScoreResult}. */
    public ScoreResult score(String text) {
        return score(List.of(text)).get(0);
    }

    /**
     * Scores several texts (packed into batched runs for throughput). The definition is
     * {@link Evaluator}'s: each token is predicted from the end-of-document token and the tokens
     * before it, and texts longer than the context are cut by {@link ScoringWindows}.
     */
    public List<ScoreResult> score(List<String> texts) {
        try {
            return scorer.score(texts);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed while scoring: " + e.getMessage(), e);
        }
    }

    /**
     * Bits per byte of {@code text} given {@code context} (conditional scoring): the context is read
     * before the text, between the end-of-document token and the text, and only the text's tokens are
     * counted. An empty context gives {@link #score(String)}.
     */
    public ScoreResult score(String context, String text) {
        try {
            return scorer.score(List.of(context), List.of(text)).get(0);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed while scoring: " + e.getMessage(), e);
        }
    }

    /** As {@link #generate(GenerationRequest, TokenSink)} without streaming. */
    public GenerationResult generate(GenerationRequest request) {
        return generate(request, TokenSink.NONE);
    }

    /**
     * Generates a continuation of the request's prompt with the key/value cache, streaming text to
     * {@code sink}. The prompt follows an end-of-document token (a fresh document); generating that
     * token ends the text with {@code "stop"}. A prompt longer than the context keeps its last
     * {@code contextLength} tokens; when the window fills up during generation the oldest tokens are
     * dropped (the newest half is kept) unless the request says otherwise.
     */
    public GenerationResult generate(GenerationRequest request, TokenSink sink) {
        try {
            return generator.generate(request, sink);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed while generating: " + e.getMessage(), e);
        }
    }

    /**
     * ONNX Runtime sessions this model holds, each with its own copy of the weights: 2 (generation and the
     * scoring graph), or 1 when scoring reads the logits of the generation session.
     */
    public int sessions() {
        return scoringSession == null ? 1 : 2;
    }

    @Override
    public void close() {
        closeQuietly(scoringSession);
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession session) {
        if (session == null) {
            return;
        }
        try {
            session.close();
        } catch (OrtException | RuntimeException ignored) {
            // closing is best effort: the session is unusable either way
        }
    }
}
