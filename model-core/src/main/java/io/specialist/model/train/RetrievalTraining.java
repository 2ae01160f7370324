package io.specialist.model.train;

/**
 * Training rows that teach a model to read retrieved passages: a fraction of rows is [EOT, packed
 * neighbour passages, text], laid out as serving lays out a {@code retrieval} request (passages found by
 * BM25 with the text as the query, packed best first into half the window by
 * {@link io.specialist.model.retrieval.ContextPacker}), with the loss on the text only.
 *
 * @param fraction       share of training rows built with neighbours, in [0, 1] (0: none)
 * @param ownProbability chance that the text's own passage is among its neighbours (as for a document
 *                       that was ingested and is in the index); otherwise its whole document is excluded
 *                       and the neighbours are other documents' passages only, in [0, 1]
 * @param k              passages searched per row (serving's {@code k}), at least 1
 * @param passageChars   passage size of the index (serving's {@code passage-chars}), at least 16
 */
public record RetrievalTraining(float fraction, float ownProbability, int k, int passageChars) {

    /** No retrieval rows. */
    public static final RetrievalTraining NONE = new RetrievalTraining(0f, 0.5f, 5, 400);

    public RetrievalTraining {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("retrieval fraction must be in [0, 1], got " + fraction);
        }
        if (!(ownProbability >= 0 && ownProbability <= 1)) {
            throw new IllegalArgumentException("retrieval own-passage probability must be in [0, 1], got " + ownProbability);
        }
        if (k < 1) {
            throw new IllegalArgumentException("retrieval k must be at least 1, got " + k);
        }
        if (passageChars < 16) {
            throw new IllegalArgumentException("retrieval passage size must be at least 16 characters, got " + passageChars);
        }
    }

    /** Serving's defaults (k 5, 400-character passages) with the given fraction and own-passage chance. */
    public static RetrievalTraining of(float fraction, float ownProbability) {
        return new RetrievalTraining(fraction, ownProbability, 5, 400);
    }

    public boolean enabled() {
        return fraction > 0;
    }
}
