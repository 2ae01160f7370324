package io.specialist.trainer.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * What a runner reports when a job ends: the verdict, why, the gate's numbers and the data the job read.
 * An accepted outcome comes with the candidate checkpoint (sent separately: it is binary and large).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobOutcome(Verdict verdict, String reason, Map<String, Double> metrics, Map<String, Object> dataWindow) {

    public JobOutcome {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        dataWindow = dataWindow == null ? Map.of() : Map.copyOf(dataWindow);
    }

    public static JobOutcome failed(String reason) {
        return new JobOutcome(Verdict.FAILED, reason, Map.of(), Map.of());
    }
}
