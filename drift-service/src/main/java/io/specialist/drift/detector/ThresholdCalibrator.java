package io.specialist.drift.detector;

import java.util.SplittableRandom;

/**
 * Finds the CUSUM threshold h for a target average run length (ARL: in-distribution documents between
 * false alarms) by Monte-Carlo simulation: one long stream of in-distribution scores is drawn from the
 * reference, and h is the smallest value (to 1e-3) at which that stream raises at most
 * {@code length / targetArl} alarms, restarting the CUSUM at zero after each alarm as the service does.
 * The same stream is reused for every candidate h, so the alarm count is (almost) monotone in h and a
 * bisection converges; the seed makes a reference always map to the same threshold.
 */
public final class ThresholdCalibrator {

    private static final double TOLERANCE = 1e-3;

    private ThresholdCalibrator() {
    }

    /**
     * @param sampler     in-distribution standardised scores
     * @param allowance   CUSUM k
     * @param clip        z clip (recorded; the sampler applies it)
     * @param targetArl   wanted documents per false alarm (include any safety factor)
     * @param simulated   simulated stream length; at least 20 x targetArl keeps the estimate within ~25 %
     * @param seed        random seed
     */
    public static Calibration calibrate(ScoreSampler sampler, double allowance, double clip, double targetArl,
            int simulated, long seed) {
        if (!(targetArl >= 1)) {
            throw new IllegalArgumentException("target ARL must be at least 1 document, got " + targetArl);
        }
        if (simulated < 1000) {
            throw new IllegalArgumentException("simulate at least 1000 documents, got " + simulated);
        }
        float[] stream = new float[simulated];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < simulated; i++) {
            stream[i] = (float) (sampler.next(random) - allowance);
        }
        long allowed = (long) Math.floor(simulated / targetArl);
        double lo = 0;
        double hi = 1;
        while (alarms(stream, hi) > allowed) {
            lo = hi;
            hi *= 2;
            if (hi > 1e6) {
                throw new IllegalStateException("no threshold reaches ARL " + targetArl + ": the reference scores"
                        + " have a positive drift after the allowance; raise the allowance");
            }
        }
        while (hi - lo > TOLERANCE) {
            double mid = (lo + hi) / 2;
            if (alarms(stream, mid) > allowed) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        long alarms = alarms(stream, hi);
        double estimated = alarms == 0 ? Double.POSITIVE_INFINITY : (double) simulated / alarms;
        return new Calibration(hi, allowance, clip, targetArl, estimated, simulated, alarms, sampler.describe());
    }

    /** Alarms the CUSUM raises on {@code increments} (z - k) at threshold h, restarting after each. */
    static long alarms(float[] increments, double threshold) {
        double s = 0;
        long alarms = 0;
        for (float increment : increments) {
            s += increment;
            if (s < 0) {
                s = 0;
            } else if (s > threshold) {
                alarms++;
                s = 0;
            }
        }
        return alarms;
    }
}
