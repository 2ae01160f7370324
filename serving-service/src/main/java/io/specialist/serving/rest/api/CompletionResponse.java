package io.specialist.serving.rest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The OpenAI text-completion object; also each streamed chunk (then {@code choices} carries the new
 * text, {@code finish_reason} is null until the last chunk and {@code usage} appears only there).
 *
 * @param model the version that produced the text ({@code legal@3}), also sent as X-Model-Version
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CompletionResponse(
        String id,
        String object,
        long created,
        String model,
        List<Choice> choices,
        Usage usage,
        @JsonProperty("system_fingerprint") String systemFingerprint,
        List<Citation> citations) {

    public static final String OBJECT = "text_completion";

    /** Without citations (no retrieval asked). */
    public CompletionResponse(String id, String object, long created, String model, List<Choice> choices, Usage usage,
                              String systemFingerprint) {
        this(id, object, created, model, choices, usage, systemFingerprint, null);
    }

    /** One completion; {@code finish_reason} is "stop" (stop sequence or end of document) or "length". */
    public record Choice(
            String text,
            int index,
            @JsonInclude(JsonInclude.Include.ALWAYS) Object logprobs,
            @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("finish_reason") String finishReason) {
    }

    public record Usage(
            @JsonProperty("prompt_tokens") int promptTokens,
            @JsonProperty("completion_tokens") int completionTokens,
            @JsonProperty("total_tokens") int totalTokens) {

        public static Usage of(int prompt, int completion) {
            return new Usage(prompt, completion, prompt + completion);
        }
    }
}
