package io.specialist.events;

/** Version of the event payload schema written into every event's {@code schemaVersion} field. */
public final class Events {

    /**
     * Current payload schema version. Readers accept payloads without the field as version 1 and reject
     * versions newer than they know with a clear message.
     */
    public static final int SCHEMA_VERSION = 1;

    private Events() {
    }
}
