package io.specialist.model.train;

import io.specialist.model.tokenizer.BpeTokenizer;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Batches for supervised fine-tuning: rows of packed instruction examples (loss on response tokens only,
 * see {@link InstructionPacker}) mixed with a fixed fraction of general-text replay rows, every token of which
 * is trained. Row r is a replay row when floor((r+1)·f) > floor(r·f), as in {@link DataLoader}. The loss of a
 * batch is the mean over its trained targets, so a replay row weighs in per token like a response. The same
 * examples, replay, sizes and seed give the same batches bit for bit.
 */
public final class InstructionDataLoader implements BatchSource {

    private final int batchSize;
    private final int seqLen;
    private final float replayFraction;
    private final InstructionPacker examples;
    private final DataLoader replay;
    private final float[] mask;
    private final int[] rowInputs;
    private final int[] rowTargets;
    private long row;

    public InstructionDataLoader(BpeTokenizer tokenizer, List<InstructionExample> examples, List<String> replayDocs,
                                 int batchSize, int seqLen, float replayFraction, long seed) {
        if (replayFraction >= 1f) {
            throw new IllegalArgumentException("replayFraction must be below 1 for instruction tuning, got " + replayFraction);
        }
        this.batchSize = batchSize;
        this.seqLen = seqLen;
        this.replayFraction = replayFraction;
        SplittableRandom root = new SplittableRandom(seed);
        this.examples = new InstructionPacker(tokenizer, examples, seqLen, root.split());
        this.replay = replayFraction > 0f
                ? new DataLoader(tokenizer, List.of(), replayDocs, 1, seqLen, 1f, root.nextLong()) : null;
        this.mask = new float[batchSize * seqLen];
        this.rowInputs = new int[seqLen];
        this.rowTargets = new int[seqLen];
    }

    /** Trained targets in one epoch of the examples (responses and their closing EOTs). */
    public long trainedTokensPerEpoch() {
        return examples.trainedTokensPerEpoch();
    }

    /** Fills inputs and targets (B,T); returns the loss mask (B,T), reused by the next call. */
    @Override
    public float[] next(int[] inputs, int[] targets) {
        for (int b = 0; b < batchSize; b++, row++) {
            int off = b * seqLen;
            boolean fromReplay = replay != null
                    && Math.floor((row + 1) * (double) replayFraction) > Math.floor(row * (double) replayFraction);
            if (fromReplay) {
                replay.next(rowInputs, rowTargets);
                System.arraycopy(rowInputs, 0, inputs, off, seqLen);
                System.arraycopy(rowTargets, 0, targets, off, seqLen);
                Arrays.fill(mask, off, off + seqLen, 1f);
            } else {
                examples.fill(inputs, targets, mask, off);
            }
        }
        return mask;
    }
}
