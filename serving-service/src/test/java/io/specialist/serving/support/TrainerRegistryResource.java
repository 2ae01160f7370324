package io.specialist.serving.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts a {@link TrainerRegistryServer} holding the base model {@code general@1} and {@code legal@1},
 * and points {@code specialist.trainer-url} at it, so the service loads them at startup as it would from
 * the real trainer.
 */
public class TrainerRegistryResource implements QuarkusTestResourceLifecycleManager {

    public static final String BASE = "general@1";
    public static final String LEGAL = "legal@1";

    private TrainerRegistryServer server;

    @Override
    public Map<String, String> start() {
        server = new TrainerRegistryServer();
        server.add(BASE, null, TestModels.onnx(BASE));
        server.add(LEGAL, BASE, TestModels.onnx(LEGAL));
        return Map.of("specialist.trainer-url", server.url());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectTrainerRegistry.class, TrainerRegistryServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
