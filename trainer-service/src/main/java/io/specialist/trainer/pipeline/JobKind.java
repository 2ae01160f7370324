package io.specialist.trainer.pipeline;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a job does: continue training a domain's model, pretrain the base model from scratch, or align a
 * domain's model with expert preferences (DPO on pairs built from feedback).
 */
public enum JobKind {
    FINE_TUNE,
    PRETRAIN,
    PREFERENCE;

    /**
     * The key that allows one queued job per key ({@code training_job.queued_domain}): the domain for fine-tunes
     * and pretraining, as before kinds existed, and {@code domain/kind} for the others.
     */
    public String queueKey(String domain) {
        return this == FINE_TUNE || this == PRETRAIN ? domain : domain + "/" + wire();
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static JobKind fromWire(String value) {
        for (JobKind kind : values()) {
            if (kind.wire().equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("job kind must be 'fine-tune', 'pretrain' or 'preference', got '" + value + "'");
    }
}
