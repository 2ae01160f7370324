package io.specialist.drift.detector;

/**
 * One document as the detector sees it. Scores are NaN when the document could not be scored (no model
 * loaded, text unavailable); it still counts toward document totals.
 *
 * @param id            document id
 * @param train         whether it is in the domain's training split
 * @param bitsPerByte   surprise of the served model, bits per UTF-8 byte
 * @param tokensPerByte tokenizer compression: tokens per byte (rises on unfamiliar text)
 * @param rarePairShare share of adjacent byte pairs that occur in no vocabulary token
 */
public record ScoredDocument(String id, boolean train, double bitsPerByte, double tokensPerByte, double rarePairShare) {

    public static ScoredDocument unscored(String id, boolean train) {
        return new ScoredDocument(id, train, Double.NaN, Double.NaN, Double.NaN);
    }

    public boolean scored() {
        return !Double.isNaN(bitsPerByte);
    }
}
