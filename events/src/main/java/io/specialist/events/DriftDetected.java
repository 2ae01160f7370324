package io.specialist.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The served model no longer fits a domain. {@code modelVersion} is the model that was scored (null for a
 * domain that has no model of its own yet); {@code signals} carries the cheap side signals (tokens per
 * byte, rare pair share, ...) that help a user see why it fired.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DriftDetected(
        Integer schemaVersion,
        String domain,
        String modelVersion,
        double statistic,
        double threshold,
        List<String> windowDocIds,
        Instant detectedAt,
        Map<String, Double> signals) {

    public DriftDetected {
        schemaVersion = Require.schemaVersion(schemaVersion);
        Require.text(domain, "domain");
        Require.present(detectedAt, "detectedAt");
        windowDocIds = windowDocIds == null ? List.of() : List.copyOf(windowDocIds);
        signals = signals == null ? Map.of() : Map.copyOf(signals);
    }
}
