package io.specialist.drift.detector;

/**
 * A calibrated CUSUM threshold.
 *
 * @param threshold          h: the detector fires when the statistic exceeds it
 * @param allowance          k the threshold was calibrated for
 * @param clip               z clip the threshold was calibrated for
 * @param targetArl          in-distribution documents per false alarm that was asked for (with safety)
 * @param estimatedArl       simulated documents per false alarm at {@code threshold}
 * @param simulatedDocuments length of the simulated in-distribution stream
 * @param falseAlarms        alarms in that stream at {@code threshold}
 * @param sampler            what the simulated scores were drawn from
 */
public record Calibration(double threshold, double allowance, double clip, double targetArl, double estimatedArl,
        long simulatedDocuments, long falseAlarms, String sampler) {
}
