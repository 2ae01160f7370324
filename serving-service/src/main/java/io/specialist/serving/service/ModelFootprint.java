package io.specialist.serving.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one loaded model costs this replica, measured when it was loaded.
 *
 * @param weightBytes    the ONNX file's size times the sessions that hold it (generation and the scoring graph
 *                       each keep their own copy of the float32 weights, which are nearly all of the file):
 *                       the floor of the model's memory
 * @param rssGrowthBytes growth of the process's resident set across session creation and warm-up on the
 *                       loader thread (-1 where /proc is missing); includes ORT arenas and JVM heap the load
 *                       touched, and is noisy when requests run at the same time
 * @param loadMillis     session creation plus warm-up, wall clock
 */
public record ModelFootprint(long weightBytes, long rssGrowthBytes, long loadMillis) {

    /** Resident set size of this process in bytes, or -1 if it cannot be read (not Linux). */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
