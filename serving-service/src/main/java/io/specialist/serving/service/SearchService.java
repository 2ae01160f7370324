package io.specialist.serving.service;

import io.specialist.events.Problem;
import io.specialist.serving.config.RetrievalConfig;
import io.specialist.model.retrieval.EmptyQueryException;
import io.specialist.model.retrieval.PassageHit;
import io.specialist.model.retrieval.PassageIndex;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/** Validated searches of this replica's passage index. */
@ApplicationScoped
public class SearchService {

    private final RetrievalConfig config;
    private final DocumentIndexer indexer;

    public SearchService(RetrievalConfig config, DocumentIndexer indexer) {
        this.config = config;
        this.indexer = indexer;
    }

    public int defaultK() {
        return config.defaultK();
    }

    public int maxQueryChars() {
        return config.maxQueryChars();
    }

    /** Checks {@code k} (pointer {@code pointer}) against the limit; adds a problem item when it is out of range. */
    public void checkK(Integer k, String pointer, List<Problem.Item> errors) {
        if (k != null && (k < 1 || k > config.maxK())) {
            errors.add(new Problem.Item(pointer, "k must be between 1 and " + config.maxK()
                    + " (specialist.serving.retrieval.max-k), got " + k));
        }
    }

    /** Checks a query's length; adds a problem item when it is missing, blank or too long. */
    public void checkQuery(String query, String pointer, List<Problem.Item> errors) {
        if (query == null || query.isBlank()) {
            errors.add(new Problem.Item(pointer, "query is required and must not be blank"));
        } else if (query.length() > config.maxQueryChars()) {
            errors.add(new Problem.Item(pointer, "query has " + query.length() + " characters; the limit is "
                    + config.maxQueryChars() + " (specialist.serving.retrieval.max-query-chars)"));
        }
    }

    /**
     * The best {@code k} passages of {@code domain} for {@code query}, without passages of {@code excluded}.
     *
     * @throws ServingException 400 for a query without words, 503 when the index cannot be opened
     */
    public List<PassageHit> search(String domain, String query, int k, Set<String> excluded, String queryPointer) {
        try {
            return indexer.index().search(domain, query, k, excluded);
        } catch (EmptyQueryException e) {
            throw ServingException.invalid(List.of(new Problem.Item(queryPointer, e.getMessage())));
        } catch (IOException e) {
            throw new ServingException(500, "Search failed", "the passage index could not be read: " + e.getMessage(),
                    0, List.of(), e);
        }
    }

    /** A domain name for the index, or a problem item. */
    public static String checkDomain(String domain, String pointer, List<Problem.Item> errors) {
        if (domain == null || !PassageIndex.DOMAIN.matcher(domain).matches()) {
            errors.add(new Problem.Item(pointer, "domain must be 1 to 63 lowercase letters, digits or '-', got "
                    + (domain == null ? "nothing" : "'" + domain + "'")));
            return null;
        }
        return domain;
    }
}
