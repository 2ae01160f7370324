package io.specialist.trainer.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Everything a job needs besides its identity and models; stored as the job's config JSON.
 *
 * @param method  {@code full} or {@code adapter} for fine-tunes; null for pretraining and for jobs stored before
 *                adapters existed (both mean full)
 * @param adapter the adapter shape when {@code method} is {@code adapter}, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobSettings(TrainingSettings training, GateSettings gate, DataSettings data, ModelShape shape,
        String method, AdapterSettings adapter, PreferenceSettings preference) {

    /** A fine-tune (full or adapter) or pretraining job. */
    public JobSettings(TrainingSettings training, GateSettings gate, DataSettings data, ModelShape shape,
            String method, AdapterSettings adapter) {
        this(training, gate, data, shape, method, adapter, null);
    }

    public static final String FULL = "full";
    public static final String ADAPTER = "adapter";
    /** Accepted fine-tuning methods, as used in requests and config. */
    public static final java.util.List<String> METHODS = java.util.List.of(FULL, ADAPTER);

    /** A full fine-tune or pretraining job. */
    public JobSettings(TrainingSettings training, GateSettings gate, DataSettings data, ModelShape shape) {
        this(training, gate, data, shape, null, null);
    }

    /** Whether the job trains an adapter on the frozen base rather than all weights. */
    public boolean adapterMethod() {
        return ADAPTER.equals(method);
    }
}
