package io.specialist.drift.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A domain's drift state as the API shows it.
 *
 * @param test       {@code cusum} (own model: statistic is the CUSUM, threshold the calibrated h) or
 *                   {@code min-documents} (no own model: statistic counts training documents, threshold is
 *                   min-documents)
 * @param state      MONITORING, COOLDOWN, COLLECTING or NO_REFERENCE
 * @param window     the most recent documents
 * @param signals    window means of the scores, next to the reference's
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DomainDriftView(String domain, String modelVersion, boolean ownModel, String servedBy, String test,
        String state, double statistic, Double threshold, Double allowance, long documents, long scored,
        long trainDocuments, long detections, Window window, Map<String, Double> signals, Reference reference,
        LastDetection lastDetection, Instant updatedAt) {

    /** Recent documents, oldest first; entries only on the single-domain endpoint. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Window(int size, List<String> docIds, List<Entry> documents) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String id, boolean train, Double bitsPerByte, Double z, Double statistic, Double tokensPerByte,
            Double rarePairShare) {
    }

    /** The reference distribution and calibration of the domain's own model. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Reference(String modelVersion, String source, long count, double bitsPerByteMean,
            double bitsPerByteStd, Double tokensPerByteMean, Double rarePairShareMean, double threshold,
            double allowance, double zClip, double targetArl, double estimatedArl, long simulatedDocuments,
            String sampler, Instant calibratedAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LastDetection(long id, String modelVersion, String reason, double statistic, double threshold,
            Instant detectedAt, Instant publishedAt, List<String> windowDocIds, Map<String, Double> signals) {
    }
}
