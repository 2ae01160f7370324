package io.specialist.serving.rest.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code POST /v1/completions}, the OpenAI text-completion request. Fields this service does not
 * implement and that do not change the result's meaning (user, logit_bias, ...) are ignored; {@code n}
 * other than 1 is refused. {@code prompt} and {@code stop} take a string or an array of strings.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(description = "OpenAI-compatible text completion request")
public record CompletionRequest(
        @Schema(description = "domain name (its active model, or the base model when it has none) or domain@N",
                examples = "legal", required = true)
        String model,
        @Schema(description = "text to continue (a string, or an array holding one string)")
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> prompt,
        @Schema(description = "most tokens to generate; capped by specialist.serving.max-tokens-limit")
        @JsonProperty("max_tokens") Integer maxTokens,
        @Schema(description = "0 for greedy decoding, up to 2; default 1")
        Double temperature,
        @Schema(description = "nucleus sampling mass in (0, 1]; default 1")
        @JsonProperty("top_p") Double topP,
        @Schema(description = "fixes sampling: the same request with the same seed on the same version gives the same text")
        Long seed,
        @Schema(description = "up to 4 sequences that end the completion (not included in it)")
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> stop,
        @Schema(description = "true: answer as server-sent events, one chunk per piece of text, then [DONE]")
        Boolean stream,
        @Schema(description = "number of completions; only 1 is supported")
        Integer n,
        @Schema(description = "put passages of the domain's documents that match the prompt ahead of it; the"
                + " response lists them in citations")
        RetrievalOption retrieval) {
}
