package io.specialist.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * A model passed the gate and is in the registry. {@code version} is {@code domain@N}; {@code artifactUri}
 * points at the ONNX artifact (its SHA-256 is {@code sha256}); {@code metrics} holds the gate's numbers,
 * e.g. {@code domainBitsPerByte}, {@code generalBitsPerByte} and the reference score distribution.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelPublished(
        Integer schemaVersion,
        String version,
        String domain,
        String parent,
        String sha256,
        String artifactUri,
        Map<String, Double> metrics,
        Instant publishedAt) {

    public ModelPublished {
        schemaVersion = Require.schemaVersion(schemaVersion);
        Require.text(version, "version");
        Require.text(domain, "domain");
        Require.text(sha256, "sha256");
        Require.text(artifactUri, "artifactUri");
        Require.present(publishedAt, "publishedAt");
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
