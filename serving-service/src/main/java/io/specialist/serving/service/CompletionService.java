package io.specialist.serving.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.specialist.events.Problem;
import io.specialist.model.ort.GenerationRequest;
import io.specialist.model.ort.GenerationResult;
import io.specialist.model.ort.ScoreResult;
import io.specialist.model.ort.TokenSink;
import io.specialist.serving.config.ServingConfig;
import io.specialist.serving.rest.api.CompletionRequest;
import io.specialist.serving.rest.api.ScoreRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Validates completion and score requests against the configured limits and runs them on a leased
 * model inside an {@link InferenceGate} slot. The model may be swapped while a request runs: the lease
 * keeps the request on the version it started with.
 */
@ApplicationScoped
public class CompletionService {

    /** OpenAI's temperature range. */
    static final double MAX_TEMPERATURE = 2.0;
    static final int MAX_STOP_CHARS = 64;

    private final ServingConfig.Serving limits;
    private final ModelCatalog catalog;
    private final InferenceGate gate;
    private final MeterRegistry metrics;
    private final ContextBuilder contexts;
    private final ModelRouter router;

    public CompletionService(ServingConfig config, ModelCatalog catalog, InferenceGate gate, MeterRegistry metrics,
                             ContextBuilder contexts, ModelRouter router) {
        this.limits = config.serving();
        this.catalog = catalog;
        this.gate = gate;
        this.metrics = metrics;
        this.contexts = contexts;
        this.router = router;
    }

    /** A completion that ran: the version it ran on, the model's result and the retrieved context it read. */
    public record Completion(ModelVersion version, GenerationResult result, RetrievedContext context) {
    }

    /** What a session generates: the request with any retrieved context ahead of the prompt. */
    public record Prepared(GenerationRequest generation, RetrievedContext context) {
    }

    /** A started inference: its slot and its model lease, released together. */
    public record Session(InferenceGate.Permit permit, ModelLease lease) implements AutoCloseable {
        @Override
        public void close() {
            try {
                lease.close();
            } finally {
                permit.close();
            }
        }
    }

    /**
     * Checks a request against the limits.
     *
     * @throws ServingException 400 listing every invalid field
     */
    public CompletionPlan plan(CompletionRequest request) {
        List<Problem.Item> errors = new ArrayList<>();
        ModelRef ref = modelRef(request.model(), errors);
        String prompt = "";
        if (request.prompt() != null && request.prompt().size() > 1) {
            errors.add(new Problem.Item("/prompt", "only one prompt per request is supported, got " + request.prompt().size()));
        } else if (request.prompt() != null && request.prompt().size() == 1) {
            prompt = request.prompt().get(0) == null ? "" : request.prompt().get(0);
        }
        if (prompt.length() > limits.maxPromptChars()) {
            errors.add(new Problem.Item("/prompt", "prompt has " + prompt.length() + " characters; the limit is "
                    + limits.maxPromptChars() + " (specialist.serving.max-prompt-chars)"));
        }
        int maxTokens = request.maxTokens() == null ? limits.defaultMaxTokens() : request.maxTokens();
        if (maxTokens < 1 || maxTokens > limits.maxTokensLimit()) {
            errors.add(new Problem.Item("/max_tokens", "max_tokens must be between 1 and " + limits.maxTokensLimit()
                    + " (specialist.serving.max-tokens-limit), got " + maxTokens));
        }
        double temperature = request.temperature() == null ? 1.0 : request.temperature();
        if (!(temperature >= 0 && temperature <= MAX_TEMPERATURE)) {
            errors.add(new Problem.Item("/temperature", "temperature must be between 0 and " + MAX_TEMPERATURE + ", got "
                    + temperature));
        }
        double topP = request.topP() == null ? 1.0 : request.topP();
        if (!(topP > 0 && topP <= 1)) {
            errors.add(new Problem.Item("/top_p", "top_p must be in (0, 1], got " + topP));
        }
        List<String> stop = request.stop() == null ? List.of() : request.stop();
        if (stop.size() > limits.maxStopSequences()) {
            errors.add(new Problem.Item("/stop", "at most " + limits.maxStopSequences() + " stop sequences, got " + stop.size()));
        }
        for (int i = 0; i < stop.size(); i++) {
            String s = stop.get(i);
            if (s == null || s.isEmpty() || s.length() > MAX_STOP_CHARS) {
                errors.add(new Problem.Item("/stop/" + i, "stop sequences must have 1 to " + MAX_STOP_CHARS + " characters"));
            }
        }
        if (request.n() != null && request.n() != 1) {
            errors.add(new Problem.Item("/n", "only n=1 is supported, got " + request.n()));
        }
        RetrievalPlan retrieval = contexts.plan(request.retrieval(), "/retrieval", errors);
        if (retrieval != null && prompt.isBlank()) {
            errors.add(new Problem.Item("/prompt", "retrieval searches with the prompt, which is empty"));
        }
        if (!errors.isEmpty()) {
            throw ServingException.invalid(errors);
        }
        if (ref == null) {
            // model "auto": the exact version that scored best, so the answer comes from the model routing chose
            ref = router.choose(prompt);
        }
        GenerationRequest generation = new GenerationRequest(prompt, maxTokens, temperature, topP, request.seed(), stop,
                true, true);
        return new CompletionPlan(ref, generation, Boolean.TRUE.equals(request.stream()), retrieval);
    }

    /**
     * Takes an inference slot (waiting a bounded time) and leases the model the plan asks for.
     *
     * @throws ServingException 503 when busy or nothing is loaded, 404 for a version not loaded
     */
    public Session start(ModelRef ref) {
        InferenceGate.Permit permit = gate.enter();
        try {
            return new Session(permit, catalog.lease(ref));
        } catch (RuntimeException e) {
            permit.close();
            throw e;
        }
    }

    /**
     * Runs the plan's retrieval on a started session (the served model's tokenizer and window set the
     * budget) and puts the passages ahead of the prompt.
     *
     * @throws ServingException 400 when the prompt has no searchable word
     */
    public Prepared prepare(Session session, CompletionPlan plan) {
        GenerationRequest g = plan.generation();
        if (plan.retrieval() == null) {
            return new Prepared(g, null);
        }
        RetrievedContext context = retrieve(session, plan.retrieval(), plan.model().domain(), g.prompt(), "/prompt");
        return new Prepared(new GenerationRequest(context.text() + g.prompt(), g.maxTokens(), g.temperature(), g.topP(),
                g.seed(), g.stop(), g.slideWindow(), g.kvCache()), context);
    }

    /** Generates on a started session; {@code sink} sees the text as it becomes final. */
    public Completion generate(Session session, Prepared prepared, TokenSink sink) {
        String domain = session.lease().version().domain();
        long start = System.nanoTime();
        GenerationResult result = session.lease().runtime().generate(prepared.generation(), sink);
        // The model's own time, apart from HTTP and queueing: what a per-token cost comparison needs.
        metrics.timer("specialist.serving.generation", "domain", domain).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        metrics.counter("specialist.serving.tokens.generated", "domain", domain).increment(result.completionTokens());
        return new Completion(session.lease().version(), result, prepared.context());
    }

    /** Runs a whole completion (non-streaming). */
    public Completion complete(CompletionPlan plan) {
        try (Session session = start(plan.model())) {
            return generate(session, prepare(session, plan), TokenSink.NONE);
        }
    }

    private RetrievedContext retrieve(Session session, RetrievalPlan plan, String domain, String text, String pointer) {
        var runtime = session.lease().runtime();
        return contexts.build(plan, domain, text, runtime.tokenizer(), runtime.config().contextLength(), pointer);
    }

    /**
     * The version that scored the text, its score, and what it read first: the given context and the
     * retrieved passages ({@code contextTokens} null and {@code context} null when neither was asked).
     */
    public record Scored(ModelVersion version, ScoreResult score, Integer contextTokens, RetrievedContext context) {
    }

    /**
     * Scores a text.
     *
     * @throws ServingException 400 for a missing, empty or too long text or a bad model name
     */
    public Scored score(ScoreRequest request) {
        List<Problem.Item> errors = new ArrayList<>();
        ModelRef ref = modelRef(request.model(), errors);
        String text = request.text();
        if (text == null || text.isEmpty()) {
            errors.add(new Problem.Item("/text", "text is required and must not be empty"));
        } else if (text.length() > limits.maxScoreChars()) {
            errors.add(new Problem.Item("/text", "text has " + text.length() + " characters; the limit is "
                    + limits.maxScoreChars() + " (specialist.serving.max-score-chars)"));
        }
        String given = request.context() == null ? "" : request.context();
        if (given.length() > limits.maxScoreChars()) {
            errors.add(new Problem.Item("/context", "context has " + given.length() + " characters; the limit is "
                    + limits.maxScoreChars() + " (specialist.serving.max-score-chars)"));
        }
        RetrievalPlan retrieval = contexts.plan(request.retrieval(), "/retrieval", errors);
        if (!errors.isEmpty()) {
            throw ServingException.invalid(errors);
        }
        if (ref == null) {
            ref = router.choose(text);
        }
        try (Session session = start(ref)) {
            var runtime = session.lease().runtime();
            RetrievedContext retrieved = retrieval == null ? null : retrieve(session, retrieval, ref.domain(), text, "/text");
            String context = (retrieved == null ? "" : retrieved.text()) + given;
            if (retrieval == null && request.context() == null) {
                return new Scored(session.lease().version(), runtime.score(text), null, null);
            }
            int contextTokens = context.isEmpty() ? 0 : runtime.tokenizer().encode(context).length;
            return new Scored(session.lease().version(), runtime.score(context, text), contextTokens, retrieved);
        }
    }

    /** The parsed {@code model} field; null for {@code "auto"} (routing decides once the text is valid). */
    private static ModelRef modelRef(String model, List<Problem.Item> errors) {
        if (ModelRouter.AUTO.equals(model)) {
            return null;
        }
        try {
            return ModelRef.parse(model);
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.Item("/model", e.getMessage()));
            return null;
        }
    }
}
