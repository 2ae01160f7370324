package io.specialist.trainer.pipeline;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documents of one split a job uses: the most recent ones within a byte budget, plus what was seen in
 * total, so the manifest can say exactly which data window a model was trained and judged on.
 */
public final class DocumentWindow {

    private final long maxBytes;
    private final Deque<IngestDocument> kept = new ArrayDeque<>();
    private long keptBytes;
    private long seenDocs;
    private long lastSeq;

    public DocumentWindow(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Adds a document in seq order, dropping the oldest kept ones beyond the byte budget. */
    public void add(IngestDocument document) {
        seenDocs++;
        lastSeq = Math.max(lastSeq, document.seq());
        kept.addLast(document);
        keptBytes += bytes(document);
        while (keptBytes > maxBytes && kept.size() > 1) {
            keptBytes -= bytes(kept.removeFirst());
        }
    }

    public List<IngestDocument> documents() {
        return List.copyOf(kept);
    }

    public List<String> texts() {
        return kept.stream().map(IngestDocument::text).toList();
    }

    public int size() {
        return kept.size();
    }

    public long keptBytes() {
        return keptBytes;
    }

    public long seenDocs() {
        return seenDocs;
    }

    public long lastSeq() {
        return lastSeq;
    }

    /** Summary for the manifest's {@code dataWindow}, keys prefixed with the split name. */
    public Map<String, Object> describe(String prefix) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(prefix + "Docs", kept.size());
        out.put(prefix + "Bytes", keptBytes);
        out.put(prefix + "DocsSeen", seenDocs);
        if (!kept.isEmpty()) {
            out.put(prefix + "FirstSeq", kept.getFirst().seq());
            out.put(prefix + "LastSeq", kept.getLast().seq());
        }
        return out;
    }

    private static long bytes(IngestDocument document) {
        return document.bytes() > 0 ? document.bytes() : document.text().length();
    }
}
