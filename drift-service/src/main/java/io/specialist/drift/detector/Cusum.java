package io.specialist.drift.detector;

/**
 * One-sided (upper) CUSUM: {@code S_t = max(0, S_{t-1} + z_t - k)}, alarm when {@code S_t > h}. It detects a
 * rise of the mean of standardised surprise, which is what a model that no longer knows its domain shows;
 * a drop (text got easier) is not drift that needs retraining.
 */
public final class Cusum {

    private Cusum() {
    }

    public static double step(double statistic, double z, double allowance) {
        return Math.max(0.0, statistic + z - allowance);
    }
}
