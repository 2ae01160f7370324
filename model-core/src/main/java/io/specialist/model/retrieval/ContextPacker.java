package io.specialist.model.retrieval;

import io.specialist.model.tokenizer.BpeTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs ranked passages, best first, into a token budget of a model's tokenizer: each passage is followed
 * by a blank line; a passage that does not fit whole is cut at a word boundary when at least
 * {@value #MIN_PIECE_TOKENS} tokens are left, else packing stops.
 */
public final class ContextPacker {

    public static final int MIN_PIECE_TOKENS = 16;
    public static final String SEPARATOR = "\n\n";

    /** The packed text, its token count and the hits it used, in order. */
    public record Packed(String text, int tokens, List<PassageHit> used) {
    }

    private ContextPacker() {
    }

    /**
     * Tokens retrieved passages may take in a window of {@code contextLength}: half of it, so the prompt or
     * text keeps the other half, and never more than {@code maxContextTokens} when given. Serving and the
     * retrieval training rows use this one rule, so a model trains on the layout it is served with.
     */
    public static int budget(int contextLength, Integer maxContextTokens) {
        int budget = Math.max(0, contextLength / 2);
        return maxContextTokens == null ? budget : Math.min(budget, maxContextTokens);
    }

    public static Packed pack(List<PassageHit> hits, int budget, BpeTokenizer tokenizer) {
        StringBuilder text = new StringBuilder();
        int tokens = 0;
        List<PassageHit> used = new ArrayList<>();
        for (PassageHit hit : hits) {
            if (tokens >= budget) {
                break;
            }
            String piece = hit.passage().text() + SEPARATOR;
            int pieceTokens = tokenizer.encode(piece).length;
            if (tokens + pieceTokens > budget) {
                int left = budget - tokens;
                piece = left < MIN_PIECE_TOKENS ? null : cut(hit.passage().text(), left, tokenizer);
                if (piece == null) {
                    break;
                }
                pieceTokens = tokenizer.encode(piece).length;
            }
            text.append(piece);
            tokens += pieceTokens;
            used.add(hit);
        }
        return new Packed(text.toString(), tokens, used);
    }

    /** The longest word-boundary prefix of {@code passage} that, with the separator, has at most {@code tokens} tokens. */
    static String cut(String passage, int tokens, BpeTokenizer tokenizer) {
        int lo = 0, hi = passage.length(); // binary search on the prefix length in characters
        String best = null;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int end = passage.lastIndexOf(' ', mid);
            String candidate = (end <= 0 ? passage.substring(0, mid) : passage.substring(0, end)).strip() + SEPARATOR;
            if (tokenizer.encode(candidate).length <= tokens) {
                best = candidate;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best == null || best.isBlank() ? null : best;
    }
}
