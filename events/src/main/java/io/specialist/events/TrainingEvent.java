package io.specialist.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/** One transition of a training job, published on {@code specialist.training.events}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingEvent(
        Integer schemaVersion,
        String jobId,
        String domain,
        TrainingState state,
        Map<String, Object> metrics,
        String reason,
        Instant at) {

    public TrainingEvent {
        schemaVersion = Require.schemaVersion(schemaVersion);
        Require.text(jobId, "jobId");
        Require.text(domain, "domain");
        Require.present(state, "state");
        Require.present(at, "at");
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
