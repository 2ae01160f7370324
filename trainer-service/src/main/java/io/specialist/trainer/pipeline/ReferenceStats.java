package io.specialist.trainer.pipeline;

import java.util.List;
import java.util.Map;

/**
 * The distribution of per-document bits/byte on a domain's held-out documents under a model: what drift
 * compares new documents against after this model is published.
 */
public record ReferenceStats(double mean, double std, int count) {

    public static ReferenceStats of(List<Double> values) {
        int n = values.size();
        if (n == 0) {
            return new ReferenceStats(Double.NaN, Double.NaN, 0);
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
        double ss = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        // sample standard deviation (n - 1): the held-out documents are a sample of the domain
        double std = n > 1 ? Math.sqrt(ss / (n - 1)) : 0.0;
        return new ReferenceStats(mean, std, n);
    }

    /** Adds these statistics to a job's metrics under the names drift reads. */
    public void putInto(Map<String, Double> metrics) {
        metrics.put("referenceBitsPerByteMean", mean);
        metrics.put("referenceBitsPerByteStd", std);
        metrics.put("referenceCount", (double) count);
    }
}
