package io.specialist.serving.rest.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code retrieval} on completions and scores: put the best passages of the domain's ingested documents
 * in the context ahead of the prompt (or the scored text).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(description = "retrieve passages of the domain's documents into the context ahead of the prompt")
public record RetrievalOption(
        @Schema(description = "most passages to consider; default specialist.serving.retrieval.default-k") Integer k,
        @Schema(description = "most tokens of retrieved text; capped at half the model's context window")
        Integer maxContextTokens,
        @Schema(description = "document ids never to retrieve (e.g. the scored document itself, for evaluation)")
        List<String> exclude) {
}
