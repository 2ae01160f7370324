package io.specialist.serving.rest.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /v1/route}: which domain expert knows a text best. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RouteRequest(
        @Schema(description = "the text to route (UTF-8)", required = true) String text) {
}
