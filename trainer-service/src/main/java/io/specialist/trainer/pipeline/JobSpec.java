package io.specialist.trainer.pipeline;

/**
 * A started job as a runner sees it. {@code parentVersion} is the model training continues from (null when
 * pretraining); {@code baseVersion} the base model the general regression is measured against.
 */
public record JobSpec(String jobId, String domain, JobKind kind, String parentVersion, String baseVersion,
        JobSettings settings) {
}
