package io.specialist.serving.service;

import java.util.Set;

/**
 * A validated {@code retrieval} option.
 *
 * @param k                 passages to consider, best first
 * @param maxContextTokens  most tokens of retrieved text (null: half the model's window)
 * @param exclude           document ids never to retrieve
 */
public record RetrievalPlan(int k, Integer maxContextTokens, Set<String> exclude) {
}
