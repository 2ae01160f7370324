package io.specialist.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Counters of a process from Linux's {@code /proc/<pid>/stat}, for harnesses that measure other processes. */
public final class ProcStat {

    private ProcStat() {
    }

    /**
     * The sum of the given fields of the process's stat line, numbered as in proc(5) (10 = minflt, 14 = utime,
     * 15 = stime, in clock ticks); 0 when the file cannot be read (not Linux, or the process has ended).
     */
    public static long sum(long pid, int... fields) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return 0;
        }
        // The command name (field 2) may hold spaces and parentheses; field 3 starts after its last ')'.
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long sum = 0;
        for (int field : fields) {
            sum += Long.parseLong(after[field - 3]);
        }
        return sum;
    }
}
