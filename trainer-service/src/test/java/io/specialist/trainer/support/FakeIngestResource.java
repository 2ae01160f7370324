package io.specialist.trainer.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts {@link FakeIngest} with the FOLDOC sample as domain {@value #DOMAIN} and points the trainer's
 * {@code specialist.ingest-url} at it.
 */
public class FakeIngestResource implements QuarkusTestResourceLifecycleManager {

    public static final String DOMAIN = "computing";
    public static final String CORPUS = "corpus/foldoc-sample.ndjson";

    private FakeIngest ingest;

    @Override
    public Map<String, String> start() {
        ingest = FakeIngest.start();
        ingest.add(DOMAIN, FakeIngest.corpus(CORPUS));
        return Map.of("specialist.ingest-url", ingest.url());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(ingest, new TestInjector.AnnotatedAndMatchesType(InjectFakeIngest.class, FakeIngest.class));
    }

    @Override
    public void stop() {
        if (ingest != null) {
            ingest.close();
        }
    }
}
