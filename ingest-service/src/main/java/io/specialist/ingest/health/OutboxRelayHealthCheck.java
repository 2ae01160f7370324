package io.specialist.ingest.health;

import io.specialist.ingest.messaging.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the outbox relay runs: without it stored documents would never be announced. Its last
 * error is shown (a broker outage shows here too, the Kafka channel check says which side is down).
 * The Kafka channels and the datasource have their own readiness checks (Reactive Messaging, Agroal).
 */
@Readiness
@ApplicationScoped
public class OutboxRelayHealthCheck implements HealthCheck {

    private final OutboxRelay relay;

    public OutboxRelayHealthCheck(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("outbox relay").status(relay.isRunning());
        if (relay.lastRoundAt() != null) {
            builder.withData("lastRoundAt", relay.lastRoundAt().toString());
        }
        if (relay.lastError() != null) {
            builder.withData("lastError", relay.lastError());
        }
        return builder.build();
    }
}
