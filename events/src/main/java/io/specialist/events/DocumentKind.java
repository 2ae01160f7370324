package io.specialist.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a submitted record holds: plain domain text, or an instruction/response pair. */
public enum DocumentKind {
    DOCUMENT("document"),
    INSTRUCTION("instruction");

    private final String wire;

    DocumentKind(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static DocumentKind fromWire(String value) {
        if (value == null) {
            return DOCUMENT;
        }
        for (DocumentKind kind : values()) {
            if (kind.wire.equalsIgnoreCase(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("kind must be 'document' or 'instruction', got '" + value + "'");
    }
}
