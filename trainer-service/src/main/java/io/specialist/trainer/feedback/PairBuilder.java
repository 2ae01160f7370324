package io.specialist.trainer.feedback;

import io.specialist.trainer.registry.Sha256;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a domain's preference pairs from its stored feedback:
 * <ul>
 * <li>explicit: {@code preferred} over {@code rejected}; with only one of them, {@code preferred} over the rated
 *     completion, or the rated completion over {@code rejected};</li>
 * <li>ratings: for one prompt, every two completions whose mean ratings differ give (higher, lower); the
 *     {@value #MAX_RATED_PER_PROMPT} most recently rated completions of a prompt take part, which bounds the
 *     quadratic pairing.</li>
 * </ul>
 * The same (prompt, chosen, rejected) from several judgements is one pair, dated by its newest judgement. When
 * both orders of two completions occur, the judges disagree and neither pair is kept.
 */
public final class PairBuilder {

    static final int MAX_RATED_PER_PROMPT = 16;

    private PairBuilder() {
    }

    public static List<FeedbackPair> build(String domain, List<StoredFeedback> feedback) {
        Map<List<String>, FeedbackPair> pairs = new LinkedHashMap<>();
        for (StoredFeedback f : feedback) {
            if (f.preferred() != null && f.rejected() != null) {
                add(pairs, domain, f.prompt(), f.preferred(), f.rejected(), FeedbackPair.EXPLICIT, f.receivedAt());
            } else if (f.preferred() != null) {
                add(pairs, domain, f.prompt(), f.preferred(), f.completion(), FeedbackPair.EXPLICIT, f.receivedAt());
            } else if (f.rejected() != null) {
                add(pairs, domain, f.prompt(), f.completion(), f.rejected(), FeedbackPair.EXPLICIT, f.receivedAt());
            }
        }
        for (Map.Entry<String, Map<String, Rated>> prompt : ratedByPrompt(feedback).entrySet()) {
            List<Rated> rated = new ArrayList<>(prompt.getValue().values());
            rated.sort(Comparator.comparing(Rated::newest).reversed());
            rated = rated.subList(0, Math.min(MAX_RATED_PER_PROMPT, rated.size()));
            for (Rated a : rated) {
                for (Rated b : rated) {
                    if (a.mean() > b.mean()) {
                        Instant newest = a.newest().isAfter(b.newest()) ? a.newest() : b.newest();
                        add(pairs, domain, prompt.getKey(), a.completion(), b.completion(), FeedbackPair.RATINGS, newest);
                    }
                }
            }
        }
        List<FeedbackPair> out = new ArrayList<>();
        for (FeedbackPair p : pairs.values()) {
            if (!pairs.containsKey(List.of(p.prompt(), p.rejected(), p.chosen()))) {
                out.add(p);
            }
        }
        out.sort(Comparator.comparing(FeedbackPair::receivedAt).thenComparing(FeedbackPair::id));
        return out;
    }

    private static void add(Map<List<String>, FeedbackPair> pairs, String domain, String prompt, String chosen,
            String rejected, String source, Instant receivedAt) {
        if (chosen.equals(rejected) || chosen.isEmpty() || rejected.isEmpty()) {
            return;
        }
        List<String> key = List.of(prompt, chosen, rejected);
        FeedbackPair old = pairs.get(key);
        if (old != null) {
            // explicit judgements win the label; the pair is as new as its newest judgement
            String s = old.source().equals(FeedbackPair.EXPLICIT) ? old.source() : source;
            Instant at = old.receivedAt().isAfter(receivedAt) ? old.receivedAt() : receivedAt;
            pairs.put(key, new FeedbackPair(old.id(), domain, prompt, chosen, rejected, old.split(), s, at));
            return;
        }
        pairs.put(key, new FeedbackPair(id(domain, prompt, chosen, rejected), domain, prompt, chosen, rejected,
                PairSplit.of(domain, prompt), source, receivedAt));
    }

    private static Map<String, Map<String, Rated>> ratedByPrompt(List<StoredFeedback> feedback) {
        Map<String, Map<String, Rated>> out = new LinkedHashMap<>();
        for (StoredFeedback f : feedback) {
            if (f.rating() == null) {
                continue;
            }
            out.computeIfAbsent(f.prompt(), k -> new LinkedHashMap<>())
                    .merge(f.completion(), new Rated(f.completion(), f.rating(), 1, f.receivedAt()), Rated::plus);
        }
        return out;
    }

    static String id(String domain, String prompt, String chosen, String rejected) {
        String joined = domain + "\u0000" + prompt + "\u0000" + chosen + "\u0000" + rejected;
        return Sha256.hex(joined.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    /** A completion's ratings for one prompt. */
    private record Rated(String completion, double sum, int count, Instant newest) {
        double mean() {
            return sum / count;
        }

        Rated plus(Rated o) {
            return new Rated(completion, sum + o.sum, count + o.count, newest.isAfter(o.newest) ? newest : o.newest);
        }
    }
}
