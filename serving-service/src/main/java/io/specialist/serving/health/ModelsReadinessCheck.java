package io.specialist.serving.health;

import io.specialist.serving.service.LoadedModel;
import io.specialist.serving.service.ModelCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports which model versions serve. It stays UP while none is loaded yet: on a first start the trainer
 * may still be pretraining the base model, and completions then answer 503 with Retry-After on their own.
 */
@Readiness
@ApplicationScoped
public class ModelsReadinessCheck implements HealthCheck {

    private final ModelCatalog catalog;

    public ModelsReadinessCheck(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public HealthCheckResponse call() {
        String active = catalog.activeModels().stream().map(LoadedModel::version).map(Object::toString)
                .collect(Collectors.joining(","));
        return HealthCheckResponse.named("served-models").up()
                .withData("active", active.isEmpty() ? "none loaded yet" : active)
                .withData("base", catalog.active(catalog.baseDomain()).isPresent() ? "loaded" : "not loaded")
                .build();
    }
}
