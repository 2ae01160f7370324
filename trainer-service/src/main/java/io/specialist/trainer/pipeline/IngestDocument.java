package io.specialist.trainer.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The fields of an ingest document a training job uses (one NDJSON line of the ingest list). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IngestDocument(long seq, String id, String domain, String split, String text, long bytes) {
}
