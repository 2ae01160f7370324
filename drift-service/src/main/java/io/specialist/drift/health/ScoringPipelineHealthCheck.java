package io.specialist.drift.health;

import io.specialist.drift.service.ScoringPipeline;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the scoring thread runs (it only ends on shutdown). */
@Liveness
@ApplicationScoped
public class ScoringPipelineHealthCheck implements HealthCheck {

    private final ScoringPipeline pipeline;

    public ScoringPipelineHealthCheck(ScoringPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("drift-scoring-pipeline")
                .status(pipeline.alive())
                .withData("queuedBatches", pipeline.queued())
                .build();
    }
}
