package io.specialist.serving.rest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A text's score under one model version.
 *
 * @param model       the model field of the request
 * @param version     the version that scored it (also the X-Model-Version header)
 * @param tokens      tokens the text encodes to
 * @param bytes       UTF-8 bytes of the text
 * @param bitsPerByte total surprise in bits divided by bytes: lower means the model knows the text better
 * @param contextTokens tokens read before the text (given context plus retrieved passages); absent without
 * @param citations   the retrieved passages in the context; absent without retrieval
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScoreResponse(String model, String version, long tokens, long bytes, double bitsPerByte,
                            Integer contextTokens, List<Citation> citations) {
}
