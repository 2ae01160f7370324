package io.specialist.serving.rest.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /v1/search}: passages of a domain's freshly ingested documents that match a query. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SearchRequest(
        @Schema(description = "domain to search (give this or model)", examples = "legal") String domain,
        @Schema(description = "a model name (domain or domain@N): searches its domain", examples = "legal@3") String model,
        @Schema(description = "words to look for (plain text; no query syntax)", required = true) String query,
        @Schema(description = "most passages to return; default specialist.serving.retrieval.default-k") Integer k) {
}
