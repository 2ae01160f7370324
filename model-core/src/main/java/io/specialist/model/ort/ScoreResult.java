package io.specialist.model.ort;

/**
 * How well a model predicts a text.
 *
 * @param tokens      tokens the text encodes to (each one scored)
 * @param bytes       UTF-8 bytes of the text
 * @param bits        sum over the tokens of -log2 p(token | end-of-document, previous tokens)
 * @param bitsPerByte {@code bits / bytes} (0 for empty text): tokenizer independent
 */
public record ScoreResult(int tokens, long bytes, double bits, double bitsPerByte) {
}
