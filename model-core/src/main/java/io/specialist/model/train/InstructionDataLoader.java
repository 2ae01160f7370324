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
 *
 * <p>With retrieval rows ({@link RetrievalTraining#enabled()}) and passage documents to search, a share
 * {@code fraction} of the instruction rows (instruction row i when floor((i+1)·f) > floor(i·f)) is packed from
 * the same examples with each prompt preceded by the passages serving would retrieve for it: the prompt is the
 * query over the passage documents, the hits are packed into half the window
 * ({@link NeighbourExampleBuilder#contextFor}), and the example's prompt becomes passages + prompt, joined as a
 * completion with {@code retrieval} joins them. The loss stays on the response only, and an example too long
 * for a row is cut as any other ({@link InstructionPacker}).
 */
public final class InstructionDataLoader implements BatchSource {

    private final int batchSize;
    private final int seqLen;
    private final float replayFraction;
    private final InstructionPacker examples;
    private final InstructionPacker withPassages;
    private final double retrievalFraction;
    private long instructionRow;
    private final DataLoader replay;
    private final float[] mask;
    private final int[] rowInputs;
    private final int[] rowTargets;
    private long row;

    public InstructionDataLoader(BpeTokenizer tokenizer, List<InstructionExample> examples, List<String> replayDocs,
                                 int batchSize, int seqLen, float replayFraction, long seed) {
        this(tokenizer, examples, replayDocs, batchSize, seqLen, replayFraction, seed, RetrievalTraining.NONE, List.of());
    }

    /**
     * As above, with retrieval rows searched over {@code passageDocs} (none when retrieval is off or no
     * passage document has text: every instruction row is then a plain one).
     */
    public InstructionDataLoader(BpeTokenizer tokenizer, List<InstructionExample> examples, List<String> replayDocs,
                                 int batchSize, int seqLen, float replayFraction, long seed,
                                 RetrievalTraining retrieval, List<String> passageDocs) {
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
        boolean retrieving = retrieval.enabled() && hasText(passageDocs);
        this.withPassages = retrieving
                ? new InstructionPacker(tokenizer, withPassages(tokenizer, examples, passageDocs, retrieval, seqLen,
                root.split()), seqLen, root.split()) : null;
        this.retrievalFraction = retrieving ? retrieval.fraction() : 0;
        this.mask = new float[batchSize * seqLen];
        this.rowInputs = new int[seqLen];
        this.rowTargets = new int[seqLen];
    }

    /** Whether some instruction rows carry retrieved passages. */
    public boolean retrievalRows() {
        return withPassages != null;
    }

    /** The examples with each prompt preceded by the passages retrieved for it. */
    static List<InstructionExample> withPassages(BpeTokenizer tokenizer, List<InstructionExample> examples,
                                                 List<String> passageDocs, RetrievalTraining retrieval, int seqLen,
                                                 SplittableRandom random) {
        try (NeighbourExampleBuilder neighbours = new NeighbourExampleBuilder(tokenizer, passageDocs, retrieval,
                seqLen, random)) {
            return examples.stream()
                    .map(e -> new InstructionExample(neighbours.contextFor(e.prompt()).text() + e.prompt(), e.response()))
                    .toList();
        }
    }

    private static boolean hasText(List<String> docs) {
        return docs.stream().anyMatch(d -> d != null && !d.isBlank());
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
            } else if (withPassages != null && RetrievalBatches.isRetrievalRow(instructionRow++, retrievalFraction)) {
                withPassages.fill(inputs, targets, mask, off);
            } else {
                examples.fill(inputs, targets, mask, off);
            }
        }
        return mask;
    }
}
