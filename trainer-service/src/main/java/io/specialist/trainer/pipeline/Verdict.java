package io.specialist.trainer.pipeline;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a job ended on its runner. */
public enum Verdict {
    ACCEPTED,
    REJECTED,
    FAILED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Verdict fromWire(String value) {
        for (Verdict verdict : values()) {
            if (verdict.wire().equalsIgnoreCase(value)) {
                return verdict;
            }
        }
        throw new IllegalArgumentException("verdict must be accepted, rejected or failed, got '" + value + "'");
    }
}
