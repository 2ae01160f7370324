package io.specialist.drift.detector;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A drift detection.
 *
 * @param modelVersion the domain's own model that no longer fits, or null for a domain without one
 * @param reason       {@link #REASON_CUSUM} or {@link #REASON_NEW_DOMAIN}
 * @param statistic    CUSUM statistic, or the training document count for a new domain
 * @param threshold    calibrated CUSUM threshold, or {@code min-documents} for a new domain
 * @param windowDocIds documents since the estimated change point (or the counted training documents)
 * @param signals      window means of the scores next to the reference's, to see why it fired
 */
public record Detection(String domain, String modelVersion, String reason, double statistic, double threshold,
        List<String> windowDocIds, Instant detectedAt, Map<String, Double> signals) {

    public static final String REASON_CUSUM = "cusum";
    public static final String REASON_NEW_DOMAIN = "new-domain";
}
