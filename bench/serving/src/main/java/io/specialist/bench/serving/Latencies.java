package io.specialist.bench.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Requests of one phase (start and end times), thread-safe, with nearest-rank percentiles. */
final class Latencies {

    /** One successful request, in System.nanoTime() units. */
    record Request(long start, long end, int tokens) {
        long nanos() {
            return end - start;
        }
    }

    private final List<Request> requests = new ArrayList<>();
    private long errors;

    synchronized void ok(long start, long end, int completionTokens) {
        requests.add(new Request(start, end, completionTokens));
    }

    synchronized void error() {
        errors++;
    }

    synchronized int count() {
        return requests.size();
    }

    synchronized long errors() {
        return errors;
    }

    /** The requests matching {@code filter}, as a new set (errors are not carried over). */
    synchronized Latencies filter(Predicate<Request> filter) {
        Latencies out = new Latencies();
        requests.stream().filter(filter).forEach(out.requests::add);
        return out;
    }

    /** The q-quantile in milliseconds (nearest rank). */
    synchronized double percentileMs(double q) {
        if (requests.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(requests.stream().map(Request::nanos).toList());
        sorted.sort(null);
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) / 1e6;
    }
}
