package io.specialist.model.ort;

/**
 * Outcome of a generation.
 *
 * @param text             the generated text (without the prompt, cut before a stop sequence)
 * @param promptTokens     tokens in the prompt as encoded (before any left truncation, without the
 *                         leading end-of-document token)
 * @param completionTokens tokens generated (a stop sequence's tokens and a final end-of-document token
 *                         included, as they were computed)
 * @param finishReason     {@link #LENGTH}, {@link #STOP} or {@link #CONTEXT}
 */
public record GenerationResult(String text, int promptTokens, int completionTokens, String finishReason) {

    /** maxTokens reached. */
    public static final String LENGTH = "length";
    /** A stop sequence or the end-of-document token was generated. */
    public static final String STOP = "stop";
    /** The context window is full and the request did not allow sliding it. */
    public static final String CONTEXT = "context";
}
