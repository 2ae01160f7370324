package io.specialist.trainer.pipeline;

/** Everything a job needs besides its identity and models; stored as the job's config JSON. */
public record JobSettings(TrainingSettings training, GateSettings gate, DataSettings data, ModelShape shape) {
}
