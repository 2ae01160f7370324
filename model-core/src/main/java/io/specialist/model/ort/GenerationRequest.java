package io.specialist.model.ort;

import java.util.List;

/**
 * What to generate.
 *
 * @param prompt      text to continue; it is encoded after an end-of-document token (a fresh document)
 *                    and truncated from the left to fit the context window
 * @param maxTokens   most tokens to generate (>= 0)
 * @param temperature 0 for greedy decoding, else softmax temperature (> 0)
 * @param topP        nucleus sampling mass in (0, 1]; 1 samples from the whole distribution
 * @param seed        makes sampling reproducible; {@code null} draws a random seed
 * @param stop        stop sequences: generation ends before the first occurrence of any of them,
 *                    which is not part of the output
 * @param slideWindow when the context window fills: true drops the oldest tokens (keeping the newest
 *                    half) and goes on; false ends with finish reason {@code "context"}
 * @param kvCache     true (normal) reuses the key/value cache; false recomputes the whole window for
 *                    every token (same result, slower: only for tests and benchmarks)
 */
public record GenerationRequest(String prompt, int maxTokens, double temperature, double topP, Long seed,
                                List<String> stop, boolean slideWindow, boolean kvCache) {

    public GenerationRequest {
        if (prompt == null) {
            throw new IllegalArgumentException("prompt must not be null");
        }
        if (maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens must be >= 0, got " + maxTokens);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number >= 0, got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
        stop = stop == null ? List.of() : List.copyOf(stop);
        for (String s : stop) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("stop sequences must not be empty");
            }
        }
    }

    /** Greedy, no stop sequences, sliding window, with the cache. */
    public static GenerationRequest greedy(String prompt, int maxTokens) {
        return new GenerationRequest(prompt, maxTokens, 0, 1, null, List.of(), true, true);
    }

    /** Sampling at {@code temperature} with nucleus {@code topP} and a fixed seed. */
    public static GenerationRequest sampled(String prompt, int maxTokens, double temperature, double topP, long seed) {
        return new GenerationRequest(prompt, maxTokens, temperature, topP, seed, List.of(), true, true);
    }

    public GenerationRequest withStop(List<String> sequences) {
        return new GenerationRequest(prompt, maxTokens, temperature, topP, seed, sequences, slideWindow, kvCache);
    }

    public GenerationRequest withSlideWindow(boolean slide) {
        return new GenerationRequest(prompt, maxTokens, temperature, topP, seed, stop, slide, kvCache);
    }

    public GenerationRequest withKvCache(boolean cache) {
        return new GenerationRequest(prompt, maxTokens, temperature, topP, seed, stop, slideWindow, cache);
    }
}
