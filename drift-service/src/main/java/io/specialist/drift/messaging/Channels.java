package io.specialist.drift.messaging;

/** Reactive Messaging channel names (topics are configured per channel in application.properties). */
public final class Channels {

    public static final String DOCUMENTS_INGESTED = "documents-ingested";
    public static final String MODELS_PUBLISHED = "models-published";
    public static final String DRIFT_DETECTED = "drift-detected";
    /** CloudEvents source of the events drift produces. */
    public static final String SOURCE = "/drift-service";

    private Channels() {
    }
}
