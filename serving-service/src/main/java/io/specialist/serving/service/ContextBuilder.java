package io.specialist.serving.service;

import io.specialist.events.Problem;
import io.specialist.model.tokenizer.BpeTokenizer;
import io.specialist.serving.rest.api.Citation;
import io.specialist.serving.rest.api.RetrievalOption;
import io.specialist.model.retrieval.ContextPacker;
import io.specialist.model.retrieval.PassageHit;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Turns a {@code retrieval} option into context: searches the domain with the prompt (or the scored
 * text) and packs the best passages, best first, into a token budget of the serving model's tokenizer.
 * The budget is the request's {@code maxContextTokens}, never more than half the model's window, so the
 * prompt or text keeps at least the other half. A passage that does not fit whole is cut at a word
 * boundary when at least 16 tokens are left, else packing stops ({@link ContextPacker}).
 */
@ApplicationScoped
public class ContextBuilder {

    static final int MAX_CONTEXT_TOKENS_LIMIT = 65_536;

    private final SearchService search;

    public ContextBuilder(SearchService search) {
        this.search = search;
    }

    /** Validates the option (problem items under {@code pointer}); null when absent. */
    public RetrievalPlan plan(RetrievalOption option, String pointer, List<Problem.Item> errors) {
        if (option == null) {
            return null;
        }
        search.checkK(option.k(), pointer + "/k", errors);
        Integer max = option.maxContextTokens();
        if (max != null && (max < 1 || max > MAX_CONTEXT_TOKENS_LIMIT)) {
            errors.add(new Problem.Item(pointer + "/maxContextTokens", "maxContextTokens must be between 1 and "
                    + MAX_CONTEXT_TOKENS_LIMIT + " (it is capped at half the model's context window), got " + max));
        }
        List<String> exclude = option.exclude() == null ? List.of() : option.exclude();
        if (exclude.size() > 1000 || exclude.stream().anyMatch(id -> id == null || id.isBlank())) {
            errors.add(new Problem.Item(pointer + "/exclude", "exclude takes up to 1000 non-empty document ids"));
        }
        return new RetrievalPlan(option.k() == null ? search.defaultK() : option.k(), max,
                new LinkedHashSet<>(exclude));
    }

    /** The context for {@code query} in {@code domain}, within the budget for a model of {@code contextLength}. */
    public RetrievedContext build(RetrievalPlan plan, String domain, String query, BpeTokenizer tokenizer,
                                  int contextLength, String queryPointer) {
        int budget = ContextPacker.budget(contextLength, plan.maxContextTokens());
        if (budget == 0) {
            return RetrievedContext.NONE;
        }
        // the end of a long prompt says most about what comes next
        String tail = query.length() > search.maxQueryChars() ? query.substring(query.length() - search.maxQueryChars()) : query;
        List<PassageHit> hits = search.search(domain, tail, plan.k(), plan.exclude(), queryPointer);
        ContextPacker.Packed packed = ContextPacker.pack(hits, budget, tokenizer);
        List<Citation> citations = packed.used().stream()
                .map(h -> new Citation(h.passage().documentId(), h.passage().index(), h.score())).toList();
        return new RetrievedContext(packed.text(), packed.tokens(), citations);
    }
}
