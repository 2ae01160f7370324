package io.specialist.drift.detector;

import java.time.Duration;

/**
 * @param minDocuments      training documents after which a domain without its own model counts as drifted
 * @param cooldown          time after a detection before the next can fire
 * @param cooldownDocuments documents after a detection before the next can fire
 * @param windowSize        recent documents kept per domain
 */
public record DetectorSettings(int minDocuments, Duration cooldown, int cooldownDocuments, int windowSize) {

    public DetectorSettings {
        if (minDocuments < 1 || cooldownDocuments < 0 || windowSize < 1 || cooldown.isNegative()) {
            throw new IllegalArgumentException("invalid detector settings: minDocuments=" + minDocuments
                    + " cooldown=" + cooldown + " cooldownDocuments=" + cooldownDocuments + " windowSize=" + windowSize);
        }
    }
}
