package io.specialist.drift.detector;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The detector state of one domain, mutated in place by {@link DriftDetector} and persisted after every
 * batch. Counters refer to the current model: a new own model starts a fresh state.
 */
public final class DetectorState {

    private final String domain;
    String modelVersion;          // model the statistic refers to (the base model's for a domain without one)
    boolean ownModel;
    Phase phase;
    double statistic;             // CUSUM S (0 outside MONITORING)
    double threshold;             // calibrated h, NaN without a reference
    double allowance;             // CUSUM k, NaN without a reference
    long documents;               // documents seen since this model
    long scored;                  // of which scored
    long trainDocuments;          // training documents since this model or the last detection
    long documentsSinceDetection;
    long detections;
    Instant lastDetectionAt;
    double lastDetectionStatistic = Double.NaN;
    final Deque<WindowEntry> window = new ArrayDeque<>();

    public DetectorState(String domain) {
        this.domain = domain;
    }

    /** Rebuilds a persisted state. */
    public static DetectorState restore(String domain, String modelVersion, boolean ownModel, Phase phase,
            double statistic, double threshold, double allowance, long documents, long scored, long trainDocuments,
            long documentsSinceDetection, long detections, Instant lastDetectionAt, double lastDetectionStatistic,
            List<WindowEntry> window) {
        DetectorState s = new DetectorState(domain);
        s.modelVersion = modelVersion;
        s.ownModel = ownModel;
        s.phase = phase;
        s.statistic = statistic;
        s.threshold = threshold;
        s.allowance = allowance;
        s.documents = documents;
        s.scored = scored;
        s.trainDocuments = trainDocuments;
        s.documentsSinceDetection = documentsSinceDetection;
        s.detections = detections;
        s.lastDetectionAt = lastDetectionAt;
        s.lastDetectionStatistic = lastDetectionStatistic;
        s.window.addAll(window);
        return s;
    }

    public String domain() {
        return domain;
    }

    public String modelVersion() {
        return modelVersion;
    }

    public boolean ownModel() {
        return ownModel;
    }

    public Phase phase() {
        return phase;
    }

    public double statistic() {
        return statistic;
    }

    public double threshold() {
        return threshold;
    }

    public double allowance() {
        return allowance;
    }

    public long documents() {
        return documents;
    }

    public long scored() {
        return scored;
    }

    public long trainDocuments() {
        return trainDocuments;
    }

    public long documentsSinceDetection() {
        return documentsSinceDetection;
    }

    public long detections() {
        return detections;
    }

    public Instant lastDetectionAt() {
        return lastDetectionAt;
    }

    public double lastDetectionStatistic() {
        return lastDetectionStatistic;
    }

    public List<WindowEntry> window() {
        return List.copyOf(window);
    }

    /** Whether a document id is in the window (a redelivered event after a crash). */
    public boolean recentlySeen(String id) {
        for (WindowEntry entry : window) {
            if (entry.id().equals(id)) {
                return true;
            }
        }
        return false;
    }
}
