package io.specialist.serving.rest.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /v1/score}: how well a model predicts a text. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScoreRequest(
        @Schema(description = "domain name or domain@N", examples = "legal", required = true) String model,
        @Schema(description = "the text to score (UTF-8)", required = true) String text,
        @Schema(description = "text the model reads before the scored text (conditional scoring); not scored")
        String context,
        @Schema(description = "put passages of the domain's documents that match the text ahead of it")
        RetrievalOption retrieval) {
}
