package io.specialist.serving.service;

import io.specialist.serving.rest.api.Citation;
import java.util.List;

/**
 * Retrieved text to read ahead of a prompt or scored text.
 *
 * @param text      the passages, best first, each followed by a blank line ("" when none matched)
 * @param tokens    tokens of {@code text} under the serving model's tokenizer
 * @param citations the passages used, in the order they appear
 */
public record RetrievedContext(String text, int tokens, List<Citation> citations) {

    public static final RetrievedContext NONE = new RetrievedContext("", 0, List.of());
}
