package io.specialist.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which part of a domain's data a document belongs to; assigned once by ingest from the content hash. */
public enum Split {
    TRAIN("train"),
    HELDOUT("heldout");

    private final String wire;

    Split(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static Split fromWire(String value) {
        for (Split split : values()) {
            if (split.wire.equalsIgnoreCase(value)) {
                return split;
            }
        }
        throw new IllegalArgumentException("split must be 'train' or 'heldout', got '" + value + "'");
    }
}
