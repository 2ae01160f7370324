package io.specialist.serving.rest.api;

/**
 * A text's score under one model version.
 *
 * @param model       the model field of the request
 * @param version     the version that scored it (also the X-Model-Version header)
 * @param tokens      tokens the text encodes to
 * @param bytes       UTF-8 bytes of the text
 * @param bitsPerByte total surprise in bits divided by bytes: lower means the model knows the text better
 */
public record ScoreResponse(String model, String version, long tokens, long bytes, double bitsPerByte) {
}
