package io.specialist.trainer.messaging;

/** Names of the messaging channels (topics are mapped to them in application.properties). */
public final class Channels {

    public static final String DRIFT_DETECTED = "drift-detected";
    /** Instruction examples announced by ingest (the sft trigger). */
    public static final String DOCUMENTS_INGESTED = "documents-ingested";
    public static final String TRAINING_EVENTS = "training-events";
    public static final String MODELS_PUBLISHED = "models-published";
    public static final String FEEDBACK = "feedback";
    /** The CloudEvents source of everything this service produces. */
    public static final String SOURCE = "/trainer-service";

    private Channels() {
    }
}
