package io.specialist.trainer.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Everything a job needs besides its identity and models; stored as the job's config JSON. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobSettings(TrainingSettings training, GateSettings gate, DataSettings data, ModelShape shape) {
}
