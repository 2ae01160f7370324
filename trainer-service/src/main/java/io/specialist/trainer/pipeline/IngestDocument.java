package io.specialist.trainer.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The fields of an ingest document a training job uses (one NDJSON line of the ingest list). {@code kind} is
 * {@code document} (or absent, from an ingest older than instruction examples) or {@code instruction}, whose
 * {@code prompt} and {@code response} an sft job trains on ({@code text} is then prompt, a blank line, response).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IngestDocument(long seq, String id, String domain, String split, String text, long bytes, String kind,
        String prompt, String response) {

    public static final String INSTRUCTION = "instruction";
    public static final String DOCUMENT = "document";

    /** A usable instruction example: kind instruction with a prompt and a non-empty response. */
    public boolean instruction() {
        return INSTRUCTION.equals(kind) && prompt != null && response != null && !response.isEmpty();
    }
}
