package io.specialist.model.train;

import java.util.Arrays;

/**
 * Document batches in which a fixed fraction of rows are retrieval rows ({@link NeighbourExampleBuilder}:
 * neighbour passages ahead of the text, the loss on the text only), interleaved evenly as replay rows are:
 * row r is a retrieval row when floor((r+1)·f) > floor(r·f). The other rows are plain document rows,
 * trained on every token.
 */
final class RetrievalBatches implements BatchSource {

    private final DataLoader documents;
    private final NeighbourExampleBuilder neighbours;
    private final int batchSize;
    private final int seqLen;
    private final double fraction;
    private long row;

    RetrievalBatches(DataLoader documents, NeighbourExampleBuilder neighbours, int batchSize, int seqLen, float fraction) {
        this.documents = documents;
        this.neighbours = neighbours;
        this.batchSize = batchSize;
        this.seqLen = seqLen;
        this.fraction = fraction;
    }

    /** Whether row {@code r} of the run is a retrieval row. */
    static boolean isRetrievalRow(long r, double fraction) {
        return Math.floor((r + 1) * fraction) > Math.floor(r * fraction);
    }

    @Override
    public float[] next(int[] inputs, int[] targets) {
        float[] mask = new float[batchSize * seqLen];
        for (int b = 0; b < batchSize; b++, row++) {
            int off = b * seqLen;
            if (isRetrievalRow(row, fraction)) {
                neighbours.fill(inputs, targets, mask, off);
            } else {
                documents.nextRow(inputs, targets, off);
                Arrays.fill(mask, off, off + seqLen, 1f);
            }
        }
        return mask;
    }
}
