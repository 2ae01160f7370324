package io.specialist.serving.service;

import io.specialist.model.ort.OrtLanguageModel;
import io.specialist.model.ort.RefCounted;

/**
 * A request's hold on one loaded model: the session stays open until this is closed, even if the
 * model is swapped out meanwhile. Use with try-with-resources.
 */
public record ModelLease(LoadedModel model, RefCounted.Lease<OrtLanguageModel> lease) implements AutoCloseable {

    public OrtLanguageModel runtime() {
        return lease.get();
    }

    public ModelVersion version() {
        return model.version();
    }

    @Override
    public void close() {
        lease.close();
    }
}
