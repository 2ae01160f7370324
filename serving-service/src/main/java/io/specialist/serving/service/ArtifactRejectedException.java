package io.specialist.serving.service;

/**
 * A model that must not serve: its artifact could not be fetched, did not match its checksum, did not
 * load or failed the warm-up. The old model keeps serving; {@link #stage()} tags the refusal metric.
 */
public class ArtifactRejectedException extends Exception {

    /** Where the new model failed. */
    public enum Stage { DOWNLOAD, CHECKSUM, LOAD, WARMUP }

    private final Stage stage;

    public ArtifactRejectedException(Stage stage, String message, Throwable cause) {
        super(message, cause);
        this.stage = stage;
    }

    public ArtifactRejectedException(Stage stage, String message) {
        this(stage, message, null);
    }

    public Stage stage() {
        return stage;
    }
}
