package io.specialist.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A raw record ingest could not accept, sent to the dead-letter topic with the original payload (as
 * received, decoded leniently as UTF-8 or Base64 when it is not text) and the reason.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentRejected(
        Integer schemaVersion,
        String error,
        String original,
        String originalEncoding,
        String originalTopic,
        Integer originalPartition,
        Long originalOffset,
        Instant rejectedAt) {

    public DocumentRejected {
        schemaVersion = Require.schemaVersion(schemaVersion);
        Require.text(error, "error");
        Require.present(rejectedAt, "rejectedAt");
    }
}
