package io.specialist.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** States of a training job: queued -> running -> succeeded | rejected | failed. */
public enum TrainingState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    REJECTED,
    FAILED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The CloudEvents type of a transition into this state, e.g. {@code specialist.training.running}. */
    public String ceType() {
        return Topics.TYPE_TRAINING_PREFIX + wire();
    }

    public boolean terminal() {
        return this == SUCCEEDED || this == REJECTED || this == FAILED;
    }

    @JsonCreator
    public static TrainingState fromWire(String value) {
        for (TrainingState state : values()) {
            if (state.wire().equalsIgnoreCase(value)) {
                return state;
            }
        }
        throw new IllegalArgumentException(
                "state must be one of queued, running, succeeded, rejected, failed; got '" + value + "'");
    }
}
