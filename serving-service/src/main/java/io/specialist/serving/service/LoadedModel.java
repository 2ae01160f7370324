package io.specialist.serving.service;

import io.specialist.model.ort.OrtLanguageModel;
import io.specialist.model.ort.RefCounted;
import io.specialist.serving.client.ModelManifest;
import java.time.Instant;

/**
 * One model version loaded into an ONNX Runtime session, warmed up and ready to serve. The session is
 * reference-counted: whoever uses it holds a lease, and it is closed after it is retired and the last
 * lease is released (closing an ORT session under a running inference would crash the JVM).
 */
public record LoadedModel(ModelVersion version, ModelManifest manifest, String sha256,
                          RefCounted<OrtLanguageModel> handle, Instant loadedAt, ModelFootprint footprint) {

    public String domain() {
        return version.domain();
    }

    /** Ends this model's life: no new leases, closed once in-flight requests are done. */
    public void retire() {
        handle.retire();
    }
}
