package io.specialist.drift.detector;

/**
 * A recent document in a domain's window: its scores and the CUSUM statistic after it (NaN where the
 * CUSUM did not run). The last entry with statistic 0 marks the estimated change point.
 */
public record WindowEntry(String id, boolean train, double bitsPerByte, double z, double statistic,
        double tokensPerByte, double rarePairShare) {
}
