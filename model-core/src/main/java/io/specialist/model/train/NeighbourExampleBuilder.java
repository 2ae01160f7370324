package io.specialist.model.train;

import io.specialist.model.retrieval.ContextPacker;
import io.specialist.model.retrieval.EmptyQueryException;
import io.specialist.model.retrieval.Passage;
import io.specialist.model.retrieval.PassageHit;
import io.specialist.model.retrieval.PassageIndex;
import io.specialist.model.retrieval.SourceDocument;
import io.specialist.model.tokenizer.BpeTokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Builds training rows that put retrieved neighbour passages ahead of a piece of text, the way serving
 * puts them ahead of a prompt or a scored text, so a model learns to copy from and condition on them.
 *
 * <p>The training documents are indexed as serving indexes ingested ones (same {@link PassageIndex}:
 * passage splitting, analysis, BM25). A row picks a document and one of its passages at random; the text
 * is the document from that passage on. The query is the passage (serving queries with the text), and the
 * hits are packed best first into half the row ({@link ContextPacker#budget}, {@link ContextPacker#pack}).
 * With probability {@code ownProbability} the passage itself is the first neighbour (a freshly ingested
 * document is in the index at inference and BM25 ranks it first for its own text: the model must learn to
 * copy it); otherwise its whole document is
 * excluded and the neighbours are other documents' passages (the model must learn to ignore what does not
 * help). The row is [EOT, context tokens, text tokens], padded with untrained EOTs when the document ends
 * early; only text tokens are trained targets. {@link #contextFor} packs the passages for any other query (an
 * instruction's prompt, see {@link InstructionDataLoader}) by the same rule.
 */
public final class NeighbourExampleBuilder implements AutoCloseable {

    static final String DOMAIN = "training";

    /**
     * One example.
     *
     * @param context     the packed passages' tokens
     * @param text        the text's tokens (as many as the row holds, at most)
     * @param used        the passages packed into the context, best first
     * @param ownIncluded whether the text's own passage was a candidate neighbour
     * @param documentId  the text's document ({@code d<index>})
     * @param passage     the position of the text's first passage in its document
     */
    public record Example(int[] context, int[] text, List<PassageHit> used, boolean ownIncluded, String documentId,
                          int passage) {
    }

    private final BpeTokenizer tokenizer;
    private final RetrievalTraining cfg;
    private final int seqLen;
    private final int budget;
    private final SplittableRandom random;
    private final PassageIndex index;
    private final List<String> docs;
    private final List<Integer> withPassages = new ArrayList<>();
    private final List<List<String>> passages = new ArrayList<>();
    private final List<int[]> starts = new ArrayList<>();

    public NeighbourExampleBuilder(BpeTokenizer tokenizer, List<String> docs, RetrievalTraining cfg, int seqLen,
                                   SplittableRandom random) {
        if (seqLen < 4) {
            throw new IllegalArgumentException("seqLen must be at least 4 for retrieval rows, got " + seqLen);
        }
        this.tokenizer = tokenizer;
        this.cfg = cfg;
        this.seqLen = seqLen;
        this.budget = ContextPacker.budget(seqLen, null);
        this.random = random;
        this.docs = docs;
        this.index = PassageIndex.inMemory(cfg.passageChars());
        List<SourceDocument> toIndex = new ArrayList<>(docs.size());
        for (int d = 0; d < docs.size(); d++) {
            String text = docs.get(d) == null ? "" : docs.get(d);
            List<String> pieces = index.splitter().split(text);
            passages.add(pieces);
            starts.add(offsets(text, pieces));
            if (!pieces.isEmpty()) {
                withPassages.add(d);
            }
            toIndex.add(new SourceDocument(id(d), DOMAIN, d + 1, text));
        }
        if (withPassages.isEmpty()) {
            throw new IllegalArgumentException("no training document has text to build retrieval rows from");
        }
        try {
            index.addAll(toIndex);
        } catch (IOException e) {
            throw new UncheckedIOException("indexing the training documents for retrieval rows failed", e);
        }
    }

    /** The next example: a random passage of a random document with its retrieved neighbours. */
    public Example next() {
        int d = withPassages.get(random.nextInt(withPassages.size()));
        int p = random.nextInt(passages.get(d).size());
        boolean own = random.nextDouble() < cfg.ownProbability();
        String query = passages.get(d).get(p);
        ContextPacker.Packed packed = ContextPacker.pack(neighbours(id(d), p, query, own), budget, tokenizer);
        int[] context = packed.text().isEmpty() ? new int[0] : tokenizer.encode(packed.text());
        String doc = docs.get(d);
        int from = starts.get(d)[p];
        // enough characters for any row: a token is at least one byte
        String text = doc.substring(from, (int) Math.min(doc.length(), from + 4L * (seqLen + 1)));
        int room = seqLen + 1 - 1 - context.length;
        int[] ids = tokenizer.encode(text);
        return new Example(context, Arrays.copyOf(ids, Math.min(ids.length, room)), packed.used(), own, id(d), p);
    }

    /**
     * The passages serving would put ahead of {@code query} in a window of the builder's length: the top
     * {@code k} hits over all training documents, packed best first into the same budget. Used for
     * instruction rows, whose query is the prompt (as for a completion with {@code retrieval}).
     */
    public ContextPacker.Packed contextFor(String query) {
        return ContextPacker.pack(search(query, Set.of()), budget, tokenizer);
    }

    /** Fills one row: inputs[off, off+T), targets[off, off+T) and mask[off, off+T) (1: a text token). */
    public void fill(int[] inputs, int[] targets, float[] mask, int off) {
        write(next(), tokenizer.endOfDocument(), seqLen, inputs, targets, mask, off);
    }

    /** Lays an example out as [EOT, context, text], EOT-padded, the loss on text tokens only. */
    static void write(Example e, int eot, int seqLen, int[] inputs, int[] targets, float[] mask, int off) {
        int[] row = new int[seqLen + 1];
        Arrays.fill(row, eot);
        System.arraycopy(e.context(), 0, row, 1, e.context().length);
        System.arraycopy(e.text(), 0, row, 1 + e.context().length, e.text().length);
        int firstText = 1 + e.context().length;
        int end = firstText + e.text().length;
        for (int t = 0; t < seqLen; t++) {
            inputs[off + t] = row[t];
            targets[off + t] = row[t + 1];
            mask[off + t] = t + 1 >= firstText && t + 1 < end ? 1f : 0f;
        }
    }

    private List<PassageHit> neighbours(String documentId, int position, String query, boolean own) {
        List<PassageHit> hits = search(query, own ? Set.of() : Set.of(documentId));
        if (own) {
            // the own passage goes first, where BM25 puts a passage for its own text almost always (and where
            // it survives packing); where BM25 does not find it (a passage of stop words) it is added
            PassageHit self = hits.stream().filter(h -> isPassage(h, documentId, position)).findFirst()
                    .orElse(new PassageHit(new Passage(documentId, Long.parseLong(documentId.substring(1)) + 1,
                            position, query), Float.NaN));
            hits.remove(self);
            hits.add(0, self);
            if (hits.size() > cfg.k()) {
                hits.remove(hits.size() - 1);
            }
        }
        return hits;
    }

    private List<PassageHit> search(String query, Set<String> exclude) {
        try {
            return new ArrayList<>(index.search(DOMAIN, query, cfg.k(), exclude));
        } catch (EmptyQueryException e) {
            return new ArrayList<>();
        } catch (IOException e) {
            throw new UncheckedIOException("searching the training index failed", e);
        }
    }

    private static boolean isPassage(PassageHit h, String documentId, int position) {
        return h.passage().documentId().equals(documentId) && h.passage().index() == position;
    }

    /** Where each passage starts in its document (the splitter strips them, so search from the last one). */
    private static int[] offsets(String text, List<String> pieces) {
        int[] out = new int[pieces.size()];
        int cursor = 0;
        for (int i = 0; i < pieces.size(); i++) {
            int at = text.indexOf(pieces.get(i), cursor);
            out[i] = Math.max(at, cursor);
            cursor = out[i] + pieces.get(i).length();
        }
        return out;
    }

    private static String id(int document) {
        return "d" + document;
    }

    @Override
    public void close() {
        try {
            index.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
