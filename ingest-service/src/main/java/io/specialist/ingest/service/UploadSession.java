package io.specialist.ingest.service;

import java.util.ArrayList;
import java.util.List;

/**
 * One multi-document upload (JSON array or NDJSON stream): items are checked as they are read and the
 * valid ones stored in chunks, each chunk one transaction, so memory stays bounded by the chunk and the
 * per-item results however long the upload is. Not thread-safe: one request, one session.
 */
public final class UploadSession {

    /** The outcome of the item at {@code position} (array index or line number). */
    public record Result(int position, ItemOutcome outcome) {
    }

    private final IngestService ingest;
    private final int chunkSize;
    private final List<Result> results = new ArrayList<>();
    private final List<NewDocument> pending = new ArrayList<>();
    private final List<Integer> pendingPositions = new ArrayList<>();
    private int accepted;
    private int duplicates;
    private int rejected;

    public UploadSession(IngestService ingest, int chunkSize) {
        this.ingest = ingest;
        this.chunkSize = chunkSize;
    }

    public void add(int position, Checked checked) {
        if (!checked.isValid()) {
            record(position, ItemOutcome.rejected(checked.rejection()));
            return;
        }
        pending.add(checked.document());
        pendingPositions.add(position);
        if (pending.size() >= chunkSize) {
            flush();
        }
    }

    public void reject(int position, Rejection rejection) {
        record(position, ItemOutcome.rejected(rejection));
    }

    /** Stores what is pending and returns all results in upload order. */
    public List<Result> finish() {
        flush();
        results.sort((a, b) -> Integer.compare(a.position(), b.position()));
        return results;
    }

    public int accepted() {
        return accepted;
    }

    public int duplicates() {
        return duplicates;
    }

    public int rejected() {
        return rejected;
    }

    public int items() {
        return accepted + duplicates + rejected + pending.size();
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<ItemOutcome> outcomes = ingest.store(List.copyOf(pending), IngestMetrics.Channel.REST);
        for (int i = 0; i < outcomes.size(); i++) {
            record(pendingPositions.get(i), outcomes.get(i));
        }
        pending.clear();
        pendingPositions.clear();
    }

    private void record(int position, ItemOutcome outcome) {
        results.add(new Result(position, outcome));
        switch (outcome.status()) {
            case ACCEPTED -> accepted++;
            case DUPLICATE -> duplicates++;
            case REJECTED -> rejected++;
        }
    }
}
