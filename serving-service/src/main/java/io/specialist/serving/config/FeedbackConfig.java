package io.specialist.serving.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Expert feedback: completions are kept (in the service's database) so {@code POST /v1/feedback} can rate
 * them by id, and ratings go to {@code specialist.feedback} for the trainer.
 */
@ConfigMapping(prefix = "specialist.serving.feedback")
public interface FeedbackConfig {

    /** How long a completion can be rated by its id; older ones must be sent as (model, prompt, completion). */
    @WithDefault("30d")
    Duration retention();

    /**
     * Completions waiting to be written to the database (they are written in batches, off the request path).
     * Beyond this the newest are not kept and counted in {@code specialist_serving_completions_unrecorded_total}.
     */
    @WithDefault("10000")
    int maxPending();

    /** How often waiting completions are written. */
    @WithDefault("1s")
    Duration flushInterval();

    /** Longest completion, preferred or rejected text a feedback may carry, in characters; longer is 400. */
    @WithDefault("65536")
    int maxTextChars();

    /** How long {@code POST /v1/feedback} waits for Kafka to acknowledge the event before it answers 503. */
    @WithDefault("10s")
    Duration sendTimeout();
}
