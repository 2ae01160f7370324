package io.specialist.events;

/** Checks used by the event records' constructors, so a bad payload names the field at fault. */
final class Require {

    private Require() {
    }

    static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("field '" + field + "' is required and must be a non-empty string");
        }
        return value;
    }

    static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("field '" + field + "' is required");
        }
        return value;
    }

    static int schemaVersion(Integer value) {
        return value == null || value == 0 ? Events.SCHEMA_VERSION : value;
    }
}
