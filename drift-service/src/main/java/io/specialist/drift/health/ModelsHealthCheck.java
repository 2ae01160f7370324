package io.specialist.drift.health;

import io.specialist.drift.service.ModelRegistry;
import io.specialist.drift.service.ModelSync;
import io.specialist.drift.service.ServedModel;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the loaded models. Always up: without models drift still consumes, counts new domains and
 * fires for them; the base model may take minutes to exist on a first start (the trainer pretrains it).
 * Kafka and the database are checked by the messaging and datasource readiness checks.
 */
@Readiness
@ApplicationScoped
public class ModelsHealthCheck implements HealthCheck {

    private final ModelRegistry registry;
    private final ModelSync sync;

    public ModelsHealthCheck(ModelRegistry registry, ModelSync sync) {
        this.registry = registry;
        this.sync = sync;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("drift-models").up()
                .withData("registrySynced", sync.synced())
                .withData("baseModel", registry.base().map(ServedModel::version).orElse("none"));
        for (ServedModel m : registry.all()) {
            builder.withData("model." + m.domain(), m.version());
        }
        return builder.build();
    }
}
