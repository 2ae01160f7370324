package io.specialist.model.train;

/**
 * The losses of a run's last few optimiser steps; their mean is what the run reports as its final loss, since one
 * step's loss is noisy.
 */
public final class RecentLosses {

    private static final int WINDOW = 10;

    private final double[] window;
    private int count;

    /** For a run of {@code steps} optimiser steps. */
    public RecentLosses(int steps) {
        window = new double[Math.max(1, Math.min(WINDOW, steps))];
    }

    /** Records the loss of the step just taken. */
    public void add(double loss) {
        window[count % window.length] = loss;
        count++;
    }

    /** Mean of the last (up to {@value #WINDOW}) recorded losses, newest first; NaN before the first step. */
    public double mean() {
        if (count == 0) {
            return Double.NaN;
        }
        int n = Math.min(count, window.length);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += window[(count - 1 - i) % window.length];
        }
        return sum / n;
    }
}
