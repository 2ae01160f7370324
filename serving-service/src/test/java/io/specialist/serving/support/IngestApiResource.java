package io.specialist.serving.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts an {@link IngestApiServer} holding {@link #SEEDED} documents of domain {@code history} before the
 * application starts (so its empty index is built from the list, without events), and points
 * {@code specialist.ingest-url} at it.
 */
public class IngestApiResource implements QuarkusTestResourceLifecycleManager {

    public static final String SEEDED_DOMAIN = "history";
    public static final int SEEDED = 3;

    private IngestApiServer server;

    @Override
    public Map<String, String> start() {
        server = new IngestApiServer();
        server.add(SEEDED_DOMAIN, "The Treaty of Westphalia ended the Thirty Years War in 1648.");
        server.add(SEEDED_DOMAIN, "The printing press of Gutenberg spread across Europe after 1450.");
        server.add(SEEDED_DOMAIN, "The Hanseatic League was a confederation of merchant guilds and market towns.");
        return Map.of("specialist.ingest-url", server.url());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectIngestApi.class, IngestApiServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
