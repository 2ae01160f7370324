package io.specialist.events;

/**
 * Default Kafka topic names and CloudEvents types of the Specialist loop. Topic names are configurable
 * in every service; these are the defaults the services, tests and launcher share.
 */
public final class Topics {

    public static final String DOCUMENTS_RAW = "specialist.documents.raw";
    public static final String DOCUMENTS_INGESTED = "specialist.documents.ingested";
    public static final String DOCUMENTS_DLQ = "specialist.documents.dlq";
    public static final String DRIFT_DETECTED = "specialist.drift.detected";
    public static final String TRAINING_EVENTS = "specialist.training.events";
    public static final String MODELS_PUBLISHED = "specialist.models.published";
    public static final String FEEDBACK = "specialist.feedback";

    public static final String TYPE_DOCUMENT_SUBMITTED = "specialist.document.submitted";
    public static final String TYPE_DOCUMENT_INGESTED = "specialist.document.ingested";
    public static final String TYPE_DOCUMENT_REJECTED = "specialist.document.rejected";
    public static final String TYPE_DRIFT_DETECTED = "specialist.drift.detected";
    /** Prefix of the training state types: {@code specialist.training.queued}, {@code ...running}, ... */
    public static final String TYPE_TRAINING_PREFIX = "specialist.training.";
    public static final String TYPE_MODEL_PUBLISHED = "specialist.model.published";
    public static final String TYPE_FEEDBACK_SUBMITTED = "specialist.feedback.submitted";

    /** Every topic of the loop, for launchers and tests that create them up front. */
    public static final java.util.List<String> ALL = java.util.List.of(
            DOCUMENTS_RAW, DOCUMENTS_INGESTED, DOCUMENTS_DLQ, DRIFT_DETECTED,
            TRAINING_EVENTS, MODELS_PUBLISHED, FEEDBACK);

    private Topics() {
    }
}
