package io.specialist.bench.model;

import java.util.Arrays;

/** Repeats an action and reports the median and best wall time. */
final class Timing {

    record Result(double medianMs, double minMs) {
    }

    private Timing() {
    }

    static Result measure(int warmup, int runs, Runnable action) {
        for (int i = 0; i < warmup; i++) {
            action.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            action.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return new Result(ms[runs / 2], ms[0]);
    }

    static String load() {
        return String.format(java.util.Locale.ROOT, "%.2f",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
