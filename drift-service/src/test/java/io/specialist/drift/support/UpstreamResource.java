package io.specialist.drift.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.specialist.testing.TinyModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Starts the {@link Upstream} HTTP server before the app, with the base model {@code general@1} (a real
 * tiny model from {@link TinyModels}) in its registry, and points drift's trainer and ingest URLs at it.
 */
public class UpstreamResource implements QuarkusTestResourceLifecycleManager {

    private Upstream upstream;

    @Override
    public Map<String, String> start() {
        try {
            upstream = new Upstream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        upstream.addModel(TinyModels.general(), Map.of());
        return Map.of("specialist.trainer-url", upstream.baseUrl(), "specialist.ingest-url", upstream.baseUrl());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(upstream, new TestInjector.AnnotatedAndMatchesType(InjectUpstream.class, Upstream.class));
    }

    @Override
    public void stop() {
        if (upstream != null) {
            upstream.close();
        }
    }
}
