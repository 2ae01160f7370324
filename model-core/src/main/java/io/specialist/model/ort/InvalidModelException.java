package io.specialist.model.ort;

/** The bytes are not a usable Specialist model: not ONNX, missing metadata, or an unexpected graph. */
public class InvalidModelException extends IllegalArgumentException {

    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
