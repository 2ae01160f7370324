package io.specialist.drift.detector;

/**
 * Turns a document's bits per byte into a standardised score against the reference distribution,
 * clipped to {@code +-clip} so that a single extreme document moves the CUSUM by a bounded amount (the
 * calibration simulates the same clipped scores, so the false alarm rate stays what it was calibrated to).
 */
public record Standardizer(double mean, double std, double clip) {

    public Standardizer {
        if (!(std > 0) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("reference needs a finite mean and a positive std, got mean="
                    + mean + " std=" + std);
        }
        if (!(clip > 0)) {
            throw new IllegalArgumentException("clip must be positive, got " + clip);
        }
    }

    public double z(double bitsPerByte) {
        return clip((bitsPerByte - mean) / std, clip);
    }

    static double clip(double z, double clip) {
        return Math.max(-clip, Math.min(clip, z));
    }
}
