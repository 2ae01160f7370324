package io.specialist.drift.service;

import io.specialist.drift.config.DriftConfig;
import io.specialist.drift.detector.RarePairs;
import io.specialist.drift.detector.ScoredDocument;
import io.specialist.model.ort.OrtLanguageModel;
import io.specialist.model.ort.RefCounted;
import io.specialist.model.ort.ScoreResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores documents with a model in ONNX Runtime batches: bits per byte, tokens per byte and the rare
 * byte-pair share. Only the first {@code scoring.max-bytes} bytes of a document are scored, the same for
 * reference and new documents, so scores stay comparable while huge documents cost a bounded time.
 */
@ApplicationScoped
public class DocumentScorer {

    private final int batchSize;
    private final int maxBytes;

    @Inject
    public DocumentScorer(DriftConfig config) {
        this(config.scoring().batchSize(), config.scoring().maxBytes());
    }

    public DocumentScorer(int batchSize, int maxBytes) {
        this.batchSize = batchSize;
        this.maxBytes = maxBytes;
    }

    /**
     * Scores {@code texts} in order; empty texts come back unscored.
     *
     * @throws ModelRetiredException if the model was replaced meanwhile (score again with the new one)
     */
    public List<ScoredDocument> score(RefCounted<OrtLanguageModel> handle, RarePairs pairs, List<TextToScore> texts) {
        List<ScoredDocument> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += batchSize) {
            List<TextToScore> chunk = texts.subList(from, Math.min(texts.size(), from + batchSize));
            out.addAll(scoreChunk(handle, pairs, chunk));
        }
        return out;
    }

    private List<ScoredDocument> scoreChunk(RefCounted<OrtLanguageModel> handle, RarePairs pairs, List<TextToScore> chunk) {
        List<byte[]> bytes = new ArrayList<>(chunk.size());
        List<String> texts = new ArrayList<>(chunk.size());
        List<Integer> positions = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            byte[] utf8 = truncate(chunk.get(i).text() == null ? new byte[0]
                    : chunk.get(i).text().getBytes(StandardCharsets.UTF_8), maxBytes);
            bytes.add(utf8);
            if (utf8.length > 0) {
                texts.add(new String(utf8, StandardCharsets.UTF_8));
                positions.add(i);
            }
        }
        List<ScoreResult> results;
        RefCounted.Lease<OrtLanguageModel> lease = handle.tryAcquire();
        if (lease == null) {
            throw new ModelRetiredException();
        }
        try (lease) {
            results = texts.isEmpty() ? List.of() : lease.get().score(texts);
        }
        ScoredDocument[] scored = new ScoredDocument[chunk.size()];
        for (int k = 0; k < results.size(); k++) {
            int i = positions.get(k);
            ScoreResult r = results.get(k);
            byte[] utf8 = bytes.get(i);
            scored[i] = new ScoredDocument(chunk.get(i).id(), chunk.get(i).train(), r.bitsPerByte(),
                    (double) r.tokens() / r.bytes(), pairs.share(utf8, utf8.length));
        }
        for (int i = 0; i < scored.length; i++) {
            if (scored[i] == null) {
                scored[i] = ScoredDocument.unscored(chunk.get(i).id(), chunk.get(i).train());
            }
        }
        return Arrays.asList(scored);
    }

    /** The first {@code max} bytes, cut back to a UTF-8 character boundary. */
    static byte[] truncate(byte[] utf8, int max) {
        if (max <= 0 || utf8.length <= max) {
            return utf8;
        }
        int cut = max;
        while (cut > 0 && (utf8[cut] & 0xC0) == 0x80) {
            cut--; // utf8[cut] is a continuation byte: the character started before the cut
        }
        return Arrays.copyOf(utf8, cut);
    }

    /** The model was retired (replaced by a newer one) before this call could take a lease. */
    public static final class ModelRetiredException extends RuntimeException {
        ModelRetiredException() {
            super("model retired while scoring", null, false, false);
        }
    }
}
