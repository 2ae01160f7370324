package io.specialist.drift.service;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.HashMap;
import java.util.Map;

/** The part of a trainer registry manifest ({@code GET /v1/models}) drift needs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelManifest(String version, String domain, Integer number, String parent, String sha256,
        String artifactUri, Map<String, Object> metrics) {

    /** Numeric metrics only (the registry may carry other values). */
    public Map<String, Double> numericMetrics() {
        Map<String, Double> out = new HashMap<>();
        if (metrics != null) {
            metrics.forEach((k, v) -> {
                if (v instanceof Number n) {
                    out.put(k, n.doubleValue());
                }
            });
        }
        return out;
    }

    public int versionNumber() {
        return number != null ? number : ModelVersions.number(version);
    }
}
