package io.specialist.bench.model;

import java.util.Arrays;

/** Repeats an action and reports the median and best wall time. */
final class Timing {

    /** Wall-clock median and best, and the process CPU time per run (all threads). */
    record Result(double medianMs, double minMs, double cpuMsPerRun) {
    }

    private Timing() {
    }

    static Result measure(int warmup, int runs, Runnable action) {
        for (int i = 0; i < warmup; i++) {
            action.run();
        }
        double[] ms = new double[runs];
        long cpu0 = processCpuNanos();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            action.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        double cpuMs = (processCpuNanos() - cpu0) / 1e6 / runs;
        Arrays.sort(ms);
        return new Result(ms[runs / 2], ms[0], cpuMs);
    }

    /** CPU time of this process so far: a measure that other processes on the machine disturb less. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static String load() {
        return String.format(java.util.Locale.ROOT, "%.2f",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
