package io.specialist.trainer.pipeline;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** PLACEHOLDER until model-core's training API lands; replaced by the real pipeline. */
public final class TrainingPipeline {

    public TrainingPipeline(IngestClient ingest, ModelSource models, ProgressSink progress, Duration progressInterval) {
    }

    public JobResult run(JobSpec job, BooleanSupplier cancelled) {
        throw new UnsupportedOperationException("model-core training API not integrated yet");
    }
}
