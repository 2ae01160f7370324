package io.specialist.model.train;

import io.specialist.model.tokenizer.BpeTokenizer;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Packs documents into fixed-length training sequences. Each document becomes [EOT] + its tokens;
 * documents are concatenated in a seeded shuffled order (reshuffled every epoch) and cut into rows
 * of T+1 tokens that overlap by one, so every token is a target exactly once per epoch. A fixed
 * fraction of rows comes from a second stream of general (replay) text, interleaved evenly: row r
 * is a replay row when floor((r+1)·f) > floor(r·f).
 */
public final class DataLoader {

    private final int batchSize;
    private final int seqLen;
    private final float replayFraction;
    private final TokenStream domain;
    private final TokenStream replay;
    private long row;

    public DataLoader(BpeTokenizer tokenizer, List<String> domainDocs, List<String> replayDocs,
                      int batchSize, int seqLen, float replayFraction, long seed) {
        this.batchSize = batchSize;
        this.seqLen = seqLen;
        this.replayFraction = replayFraction;
        if (replayFraction < 1f && domainDocs.isEmpty()) {
            throw new IllegalArgumentException("no training documents: domainDocs is empty and replayFraction is "
                    + replayFraction + " (< 1)");
        }
        if (replayFraction > 0f && replayDocs.isEmpty()) {
            throw new IllegalArgumentException("replayFraction is " + replayFraction + " but no replay documents were given");
        }
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom domainRandom = root.split();
        SplittableRandom replayRandom = root.split();
        // Encode only the streams rows will be drawn from (the replay corpus may be megabytes).
        this.domain = replayFraction < 1f ? new TokenStream(encode(tokenizer, domainDocs), domainRandom) : null;
        this.replay = replayFraction > 0f ? new TokenStream(encode(tokenizer, replayDocs), replayRandom) : null;
    }

    private static int[][] encode(BpeTokenizer tokenizer, List<String> docs) {
        int[][] out = new int[docs.size()][];
        for (int d = 0; d < docs.size(); d++) {
            int[] ids = tokenizer.encode(docs.get(d));
            int[] withEot = new int[ids.length + 1];
            withEot[0] = tokenizer.endOfDocument();
            System.arraycopy(ids, 0, withEot, 1, ids.length);
            out[d] = withEot;
        }
        return out;
    }

    /** Tokens in the domain stream (one epoch), including the EOT separators. */
    public long domainTokens() {
        return domain == null ? 0 : domain.totalTokens;
    }

    /** Fills inputs (B,T) and targets (B,T) (targets are inputs shifted by one). */
    public void next(int[] inputs, int[] targets) {
        for (int b = 0; b < batchSize; b++) {
            nextRow(inputs, targets, b * seqLen);
        }
    }

    /** Fills one row at {@code offset}: inputs[offset, offset+T) and targets[offset, offset+T). */
    public void nextRow(int[] inputs, int[] targets, int offset) {
        boolean fromReplay = Math.floor((row + 1) * (double) replayFraction) > Math.floor(row * (double) replayFraction);
        row++;
        TokenStream stream = fromReplay ? replay : domain;
        stream.fill(inputs, targets, offset, seqLen);
    }

    /** The concatenation of shuffled documents, read as an endless sequence. */
    private static final class TokenStream {
        private final int[][] docs;
        private final SplittableRandom random;
        private final long totalTokens;
        private int[] order;
        private int docIndex;
        private int tokenIndex;
        private int carry = -1; // the last token of the previous row, first input of the next

        TokenStream(int[][] docs, SplittableRandom random) {
            this.docs = docs;
            this.random = random;
            long total = 0;
            for (int[] d : docs) {
                total += d.length;
            }
            this.totalTokens = total;
            reshuffle();
        }

        void fill(int[] inputs, int[] targets, int offset, int len) {
            if (carry < 0) {
                carry = nextToken();
            }
            for (int t = 0; t < len; t++) {
                int next = nextToken();
                inputs[offset + t] = carry;
                targets[offset + t] = next;
                carry = next;
            }
        }

        private int nextToken() {
            while (tokenIndex >= docs[order[docIndex]].length) {
                tokenIndex = 0;
                if (++docIndex == order.length) {
                    reshuffle();
                }
            }
            return docs[order[docIndex]][tokenIndex++];
        }

        private void reshuffle() {
            order = new int[docs.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            docIndex = 0;
            tokenIndex = 0;
        }
    }
}
