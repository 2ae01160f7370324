package io.specialist.bench.serving;

import java.util.ArrayList;
import java.util.List;

/** Request latencies of one phase, thread-safe, with nearest-rank percentiles. */
final class Latencies {

    private final List<Long> nanos = new ArrayList<>();
    private long errors;
    private long tokens;

    synchronized void ok(long latencyNanos, int completionTokens) {
        nanos.add(latencyNanos);
        tokens += completionTokens;
    }

    synchronized void error() {
        errors++;
    }

    synchronized int count() {
        return nanos.size();
    }

    synchronized long errors() {
        return errors;
    }

    synchronized long tokens() {
        return tokens;
    }

    /** The q-quantile in milliseconds (nearest rank). */
    synchronized double percentileMs(double q) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) / 1e6;
    }
}
