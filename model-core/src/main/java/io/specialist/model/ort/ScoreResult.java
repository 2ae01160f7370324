package io.specialist.model.ort;

import java.util.List;

/**
 * How well a model predicts a text (the definition of {@code eval.Evaluator}).
 *
 * @param tokens      tokens the text encodes to (each one scored)
 * @param bytes       UTF-8 bytes of the text
 * @param bits        sum over the tokens of -log2 p(token | end-of-document, previous tokens)
 * @param bitsPerByte {@code bits / bytes}: tokenizer independent; 0 for an empty text (where
 *                    {@code Evaluator} says NaN) so that it is always a JSON number
 */
public record ScoreResult(long tokens, long bytes, double bits, double bitsPerByte) {

    /** Several texts taken as one: summed bits over summed bytes. */
    public static ScoreResult total(List<ScoreResult> results) {
        long tokens = 0, bytes = 0;
        double bits = 0;
        for (ScoreResult r : results) {
            tokens += r.tokens;
            bytes += r.bytes;
            bits += r.bits;
        }
        return new ScoreResult(tokens, bytes, bits, bytes == 0 ? 0 : bits / bytes);
    }
}
