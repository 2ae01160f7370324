package io.specialist.bench.ingest;

import io.specialist.testing.ProcStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time spent on the machine, by where it went, read from Linux's {@code /proc} (the figures are in
 * clock ticks of 10 ms, so a phase should last seconds). Throughput on a saturated machine is bounded by
 * cores / CPU per document; these figures say how much CPU each path spends per document and in which process.
 */
record CpuClock(double machine, double bench, double app, double postgres) {

    private static final double TICK = 0.01;

    /** A reading now; {@code appPid} is the ingest-service process (or -1 when it is not running). */
    static CpuClock now(long appPid) {
        return new CpuClock(machineBusy(), processSeconds(ProcessHandle.current().pid()),
                appPid < 0 ? 0 : processSeconds(appPid), postgresSeconds());
    }

    /** The CPU spent since {@code start}, per document, in core-microseconds. */
    String perDocument(CpuClock start, int documents) {
        return String.format("machine %.0f (bench JVM incl. broker %.0f, app %.0f, PostgreSQL %.0f)",
                micros(machine - start.machine, documents), micros(bench - start.bench, documents),
                micros(app - start.app, documents), micros(postgres - start.postgres, documents));
    }

    private static double micros(double seconds, int documents) {
        return seconds * 1e6 / documents;
    }

    /** Busy CPU seconds of the whole machine since boot (all but idle and iowait). */
    private static double machineBusy() {
        String[] f = read(Path.of("/proc/stat")).lines().findFirst().orElseThrow().trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < Math.min(f.length, 9); i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(f[i]);
            }
        }
        return busy * TICK;
    }

    private static double processSeconds(long pid) {
        return ProcStat.sum(pid, 14, 15) * TICK; // utime + stime
    }

    private static double postgresSeconds() {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> read(p.resolve("comm")).trim().equals("postgres"))
                    .mapToDouble(p -> processSeconds(Long.parseLong(p.getFileName().toString())))
                    .sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return ""; // a process that ended meanwhile
        }
    }
}
