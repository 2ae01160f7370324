package io.specialist.serving.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.specialist.events.ModelPublished;
import io.specialist.serving.service.ModelVersion;
import java.util.Map;

/**
 * The part of a trainer registry manifest ({@code GET /v1/models/{version}}) that serving uses. Other
 * fields (training config, data window, tokenizer summary) are ignored.
 *
 * @param artifactBytes size of the ONNX file, or null when the registry does not say
 * @param metrics       the gate's numbers (bits per byte before/after, reference distribution)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelManifest(
        String version,
        String domain,
        Integer number,
        String parent,
        String sha256,
        Long artifactBytes,
        Map<String, Object> metrics) {

    public ModelManifest {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    /** The version, checked against the domain field. */
    public ModelVersion modelVersion() {
        ModelVersion v = ModelVersion.parse(version);
        if (domain != null && !domain.equals(v.domain())) {
            throw new IllegalArgumentException("manifest of " + version + " names domain '" + domain + "'");
        }
        return v;
    }

    /** What a {@code models.published} event says is what the registry holds. */
    public static ModelManifest of(ModelPublished event) {
        return new ModelManifest(event.version(), event.domain(), null, event.parent(), event.sha256(), null,
                Map.copyOf(event.metrics()));
    }
}
