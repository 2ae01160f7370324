package io.specialist.drift.detector;

/**
 * The in-distribution score distribution of one model version and its calibrated threshold.
 *
 * @param modelVersion      e.g. {@code legal@3}
 * @param source            {@code heldout} (scored here on the domain's held-out documents) or
 *                          {@code published} (the ModelPublished metrics)
 * @param count             reference documents
 * @param mean              mean bits per byte
 * @param std               standard deviation of bits per byte
 * @param tokensPerByte     mean tokens per byte of the reference documents (NaN if unknown)
 * @param rarePairShare     mean rare byte-pair share of the reference documents (NaN if unknown)
 * @param calibration       the CUSUM threshold for this reference
 */
public record ReferenceProfile(String modelVersion, String source, long count, double mean, double std,
        double tokensPerByte, double rarePairShare, Calibration calibration) {

    public static final String SOURCE_HELDOUT = "heldout";
    public static final String SOURCE_PUBLISHED = "published";

    public Standardizer standardizer() {
        return new Standardizer(mean, std, calibration.clip());
    }
}
