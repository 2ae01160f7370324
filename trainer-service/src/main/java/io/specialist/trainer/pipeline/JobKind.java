package io.specialist.trainer.pipeline;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a job does: continue training a domain's model, or pretrain the base model from scratch. */
public enum JobKind {
    FINE_TUNE,
    PRETRAIN;

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
        throw new IllegalArgumentException("job kind must be 'fine-tune' or 'pretrain', got '" + value + "'");
    }
}
