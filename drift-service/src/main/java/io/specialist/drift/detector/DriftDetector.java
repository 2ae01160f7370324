package io.specialist.drift.detector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The per-domain drift state machine; pure logic, one call per document, in ingest order.
 *
 * <ul>
 *   <li>A domain with its own model and a reference runs a one-sided CUSUM on standardised bits per byte
 *       and fires when it exceeds the calibrated threshold.</li>
 *   <li>A domain without its own model is drift by definition once it has {@code minDocuments} training
 *       documents (it is still scored with the base model, for the signals).</li>
 *   <li>After firing, a domain cools down for {@code cooldown} and {@code cooldownDocuments} documents.</li>
 *   <li>A new own model starts a fresh state (statistic 0, counters 0, its own threshold).</li>
 * </ul>
 */
public final class DriftDetector {

    private final DetectorSettings settings;

    public DriftDetector(DetectorSettings settings) {
        this.settings = settings;
    }

    public DetectorSettings settings() {
        return settings;
    }

    /** State of a domain seen for the first time, or whose own model just changed. */
    public DetectorState fresh(String domain, ModelContext model) {
        DetectorState s = new DetectorState(domain);
        s.modelVersion = model == null ? null : model.version();
        s.ownModel = model != null && model.own();
        ReferenceProfile reference = s.ownModel ? model.reference() : null;
        if (!s.ownModel) {
            s.phase = Phase.COLLECTING;
        } else {
            s.phase = reference == null ? Phase.NO_REFERENCE : Phase.MONITORING;
        }
        s.threshold = reference == null ? Double.NaN : reference.calibration().threshold();
        s.allowance = reference == null ? Double.NaN : reference.calibration().allowance();
        return s;
    }

    /**
     * Whether {@code model} replaces the model the state refers to: a new own model resets the detector.
     * A domain that had its own model never falls back to the base model (its model may just not be
     * loaded yet, e.g. right after a restart).
     */
    public static boolean isNewModel(DetectorState state, ModelContext model) {
        return model != null && model.own() && !(state.ownModel && model.version().equals(state.modelVersion));
    }

    /**
     * Feeds one document.
     *
     * @param state the domain's state (mutated); use {@link #isNewModel} / {@link #fresh} first
     * @param model what the document was scored with (null if nothing was loaded)
     * @return the detection it caused, or null
     */
    public Detection observe(DetectorState state, ModelContext model, ScoredDocument doc, Instant now) {
        state.documents++;
        state.documentsSinceDetection++;
        if (doc.train()) {
            state.trainDocuments++;
        }
        if (!state.ownModel && model != null && !model.own()) {
            state.modelVersion = model.version(); // the base model may have been updated
        }
        boolean scoredByStateModel = doc.scored() && model != null && model.own() == state.ownModel
                && (!state.ownModel || model.version().equals(state.modelVersion));
        if (scoredByStateModel) {
            state.scored++;
        } else if (doc.scored()) {
            // Scored by another model than the state's (its own model is not loaded yet): not comparable.
            doc = ScoredDocument.unscored(doc.id(), doc.train());
        }
        if (state.phase == Phase.COOLDOWN && cooledDown(state, now)) {
            state.phase = state.ownModel ? Phase.MONITORING : Phase.COLLECTING;
            state.statistic = 0;
        }
        return state.ownModel
                ? observeOwn(state, model, doc, now, scoredByStateModel)
                : observeNewDomain(state, model, doc, now);
    }

    private Detection observeOwn(DetectorState state, ModelContext model, ScoredDocument doc, Instant now,
            boolean scored) {
        ReferenceProfile reference = scored ? model.reference() : null;
        if (reference == null) {
            remember(state, doc, Double.NaN, Double.NaN);
            return null;
        }
        double z = reference.standardizer().z(doc.bitsPerByte());
        if (state.phase != Phase.MONITORING) {
            remember(state, doc, z, Double.NaN);
            return null;
        }
        state.statistic = Cusum.step(state.statistic, z, state.allowance);
        remember(state, doc, z, state.statistic);
        if (state.statistic <= state.threshold) {
            return null;
        }
        List<WindowEntry> run = sinceChangePoint(state);
        Detection detection = new Detection(state.domain(), state.modelVersion, Detection.REASON_CUSUM,
                state.statistic, state.threshold, ids(run), now, signals(run, reference));
        fired(state, now);
        return detection;
    }

    private Detection observeNewDomain(DetectorState state, ModelContext model, ScoredDocument doc, Instant now) {
        remember(state, doc, Double.NaN, Double.NaN);
        if (state.phase != Phase.COLLECTING || state.trainDocuments < settings.minDocuments()) {
            return null;
        }
        List<WindowEntry> counted = new ArrayList<>();
        for (WindowEntry entry : state.window) {
            if (entry.train()) {
                counted.add(entry);
            }
        }
        int from = Math.max(0, counted.size() - (int) Math.min(state.trainDocuments, settings.windowSize()));
        counted = counted.subList(from, counted.size());
        Map<String, Double> signals = signals(counted, null);
        Detection detection = new Detection(state.domain(), null, Detection.REASON_NEW_DOMAIN,
                state.trainDocuments, settings.minDocuments(), ids(counted), now, signals);
        state.lastDetectionStatistic = state.trainDocuments;
        fired(state, now);
        return detection;
    }

    private void fired(DetectorState state, Instant now) {
        state.detections++;
        state.lastDetectionAt = now;
        if (state.ownModel) {
            state.lastDetectionStatistic = state.statistic;
        }
        state.documentsSinceDetection = 0;
        state.trainDocuments = 0;
        state.statistic = 0;
        state.phase = Phase.COOLDOWN;
    }

    private boolean cooledDown(DetectorState state, Instant now) {
        return state.documentsSinceDetection >= settings.cooldownDocuments()
                && (state.lastDetectionAt == null || !now.isBefore(state.lastDetectionAt.plus(settings.cooldown())));
    }

    private void remember(DetectorState state, ScoredDocument doc, double z, double statistic) {
        state.window.addLast(new WindowEntry(doc.id(), doc.train(), doc.bitsPerByte(), z, statistic,
                doc.tokensPerByte(), doc.rarePairShare()));
        while (state.window.size() > settings.windowSize()) {
            state.window.removeFirst();
        }
    }

    /** The documents since the CUSUM was last at zero: the run that crossed the threshold. */
    private static List<WindowEntry> sinceChangePoint(DetectorState state) {
        List<WindowEntry> run = new ArrayList<>();
        Iterator<WindowEntry> it = state.window.descendingIterator();
        while (it.hasNext()) {
            WindowEntry entry = it.next();
            if (!(entry.statistic() > 0)) {
                break;
            }
            run.add(0, entry);
        }
        return run;
    }

    private static List<String> ids(List<WindowEntry> entries) {
        return entries.stream().map(WindowEntry::id).toList();
    }

    /**
     * Means over {@code entries} of the scores, next to the reference's, so a user can see why it fired:
     * surprise up with tokens per byte and rare pairs up means unfamiliar text, surprise up alone means
     * familiar-looking text the model predicts badly (new content, same form).
     */
    public static Map<String, Double> signals(List<WindowEntry> entries, ReferenceProfile reference) {
        Map<String, Double> signals = new LinkedHashMap<>();
        signals.put("documents", (double) entries.size());
        putFinite(signals, "bitsPerByteMean", mean(entries, WindowEntry::bitsPerByte));
        putFinite(signals, "zMean", mean(entries, WindowEntry::z));
        putFinite(signals, "tokensPerByteMean", mean(entries, WindowEntry::tokensPerByte));
        putFinite(signals, "rarePairShareMean", mean(entries, WindowEntry::rarePairShare));
        if (reference != null) {
            putFinite(signals, "referenceBitsPerByteMean", reference.mean());
            putFinite(signals, "referenceBitsPerByteStd", reference.std());
            putFinite(signals, "referenceTokensPerByteMean", reference.tokensPerByte());
            putFinite(signals, "referenceRarePairShareMean", reference.rarePairShare());
        }
        return signals;
    }

    private static void putFinite(Map<String, Double> map, String key, double value) {
        if (Double.isFinite(value)) {
            map.put(key, value);
        }
    }

    private static double mean(List<WindowEntry> entries, ToDoubleFunction<WindowEntry> field) {
        double sum = 0;
        int n = 0;
        for (WindowEntry entry : entries) {
            double v = field.applyAsDouble(entry);
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
