package io.specialist.serving.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one loaded model costs this replica, measured when it was loaded.
 *
 * @param artifactBytes  size of the ONNX file; its float32 weights, which ONNX Runtime keeps in memory once
 *                       per session, are nearly all of it, so this is the floor of the model's memory
 * @param rssGrowthBytes growth of the process's resident set across session creation and warm-up on the
 *                       loader thread (-1 where /proc is missing); includes ORT arenas and JVM heap the load
 *                       touched, and is noisy when requests run at the same time
 * @param loadMillis     session creation plus warm-up, wall clock
 */
public record ModelFootprint(long artifactBytes, long rssGrowthBytes, long loadMillis) {

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
