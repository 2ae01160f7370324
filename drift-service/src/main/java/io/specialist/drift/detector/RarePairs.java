package io.specialist.drift.detector;

import java.util.BitSet;
import java.util.function.IntFunction;

/**
 * The byte pairs a tokenizer has seen often enough to merge: every adjacent pair inside a vocabulary
 * token. A document whose adjacent byte pairs are often outside that set is written in a form the base
 * corpus rarely had (code, tables, another script), which is a cheap, model-free drift signal.
 */
public final class RarePairs {

    private final BitSet known = new BitSet(1 << 16);

    /**
     * @param vocabSize  tokens in the vocabulary
     * @param tokenBytes the bytes each token id decodes to
     */
    public RarePairs(int vocabSize, IntFunction<byte[]> tokenBytes) {
        for (int id = 0; id < vocabSize; id++) {
            byte[] bytes = tokenBytes.apply(id);
            for (int i = 0; i + 1 < bytes.length; i++) {
                known.set(pair(bytes[i], bytes[i + 1]));
            }
        }
    }

    /** Share of adjacent byte pairs of {@code bytes[0..length)} that occur in no vocabulary token. */
    public double share(byte[] bytes, int length) {
        if (length < 2) {
            return 0;
        }
        int rare = 0;
        for (int i = 0; i + 1 < length; i++) {
            if (!known.get(pair(bytes[i], bytes[i + 1]))) {
                rare++;
            }
        }
        return (double) rare / (length - 1);
    }

    public int knownPairs() {
        return known.cardinality();
    }

    private static int pair(byte a, byte b) {
        return ((a & 0xff) << 8) | (b & 0xff);
    }
}
