package io.specialist.trainer.runner;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.specialist.testing.FreePorts;
import io.specialist.trainer.support.TinyBaseResource;
import java.util.List;
import java.util.Map;

/**
 * The trainer with the {@code kubernetes} runner against the fabric8 mock API server, an imported tiny base
 * model, and a fixed HTTP port so the training Job's {@code --trainer-url} argument points at this test app.
 */
public class KubernetesRunnerProfile implements QuarkusTestProfile {

    static final int PORT = FreePorts.next();
    static final String IMAGE = "registry.example/specialist/trainer-service:test";
    static final String OWNER = "specialist-trainer";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "specialist.trainer.runner", "kubernetes",
                "specialist.trainer.kubernetes.image", IMAGE,
                "specialist.trainer.kubernetes.owner-deployment", OWNER,
                "specialist.trainer.kubernetes.service-account", "specialist-training",
                "specialist.trainer.kubernetes.memory-limit", "3Gi",
                "specialist.trainer.kubernetes.image-pull-secrets", "regcred,mirror-cred",
                "quarkus.http.test-port", Integer.toString(PORT),
                "specialist.trainer-url", "http://127.0.0.1:" + PORT);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TinyBaseResource.class));
    }
}
