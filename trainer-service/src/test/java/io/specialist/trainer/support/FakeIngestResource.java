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
    /** A domain of instruction examples only: FOLDOC terms and the start of their definitions. */
    public static final String INSTRUCTION_DOMAIN = "glossary";
    /** Response length of the glossary examples: an example fits the test models' 64-token window. */
    public static final int RESPONSE_CHARS = 60;

    private FakeIngest ingest;

    @Override
    public Map<String, String> start() {
        ingest = FakeIngest.start();
        ingest.add(DOMAIN, FakeIngest.corpus(CORPUS));
        ingest.addInstructions(INSTRUCTION_DOMAIN, FakeIngest.definitions(CORPUS, RESPONSE_CHARS));
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
