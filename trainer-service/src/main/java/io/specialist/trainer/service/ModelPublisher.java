package io.specialist.trainer.service;

import io.specialist.trainer.pipeline.JobKind;
import io.specialist.trainer.pipeline.TrainingSettings;
import io.specialist.trainer.registry.ModelManifest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** PLACEHOLDER until model-core's checkpoint API lands. */
@ApplicationScoped
public class ModelPublisher {

    public ModelManifest publish(Candidate candidate) {
        throw new UnsupportedOperationException("model-core checkpoint API not integrated yet");
    }

    public ModelManifest importBase(java.nio.file.Path checkpoint) {
        throw new UnsupportedOperationException("model-core checkpoint API not integrated yet");
    }

    /** An accepted candidate to register. */
    public record Candidate(String jobId, String domain, JobKind kind, String parentVersion, String baseVersion,
            TrainingSettings training, byte[] checkpoint, Map<String, Double> metrics, Map<String, Object> dataWindow) {
    }
}
