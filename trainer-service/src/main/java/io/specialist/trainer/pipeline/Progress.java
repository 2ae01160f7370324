package io.specialist.trainer.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The latest progress report of a running job.
 *
 * @param phase           fetching-data, loading-model, training, evaluating or exporting
 * @param step            optimiser steps done
 * @param steps           optimiser steps planned
 * @param loss            last training loss (nats per token)
 * @param tokensPerSecond training throughput over the last report interval
 * @param etaSeconds      estimated seconds of training left
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Progress(String phase, Integer step, Integer steps, Double loss, Double tokensPerSecond,
        Double etaSeconds, Instant at) {

    public static Progress phase(String phase) {
        return new Progress(phase, null, null, null, null, null, Instant.now());
    }
}
