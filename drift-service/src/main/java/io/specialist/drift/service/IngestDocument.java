package io.specialist.drift.service;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The fields of an ingest document that drift reads ({@code GET /v1/documents/{id}} and list lines). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IngestDocument(Long seq, String id, String domain, String kind, String text, String prompt,
        String response, String split) {

    /** The text to score: the document text, or prompt and response of an instruction example. */
    public String scoringText() {
        if (text != null && !text.isBlank()) {
            return text;
        }
        String p = prompt == null ? "" : prompt;
        String r = response == null ? "" : response;
        return (p + "\n" + r).strip();
    }
}
