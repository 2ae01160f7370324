package io.specialist.trainer.health;

import io.specialist.trainer.registry.FilesystemModelStore;
import io.specialist.trainer.registry.ModelManifest;
import io.specialist.trainer.service.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the registry folder is writable. The base model is reported but does not gate readiness:
 * while {@code general@1} is being pretrained the service still answers and queues jobs.
 */
@Readiness
@ApplicationScoped
public class RegistryReadinessCheck implements HealthCheck {

    private final ModelRegistry registry;

    public RegistryReadinessCheck(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("model-registry");
        if (registry.store() instanceof FilesystemModelStore fs) {
            Path root = fs.root();
            response.withData("path", root.toString());
            if (!Files.isDirectory(root) || !Files.isWritable(root)) {
                return response.down().withData("error", "registry folder is missing or not writable").build();
            }
        }
        try {
            response.withData("baseModel", registry.base().map(ModelManifest::version).orElse("none yet"));
        } catch (RuntimeException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
        return response.up().build();
    }
}
