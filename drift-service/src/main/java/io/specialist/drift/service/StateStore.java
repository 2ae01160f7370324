package io.specialist.drift.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.specialist.drift.detector.Detection;
import io.specialist.drift.detector.DetectorState;
import io.specialist.drift.detector.Phase;
import io.specialist.drift.detector.WindowEntry;
import io.specialist.drift.repository.DetectionEntity;
import io.specialist.drift.repository.DetectionRepository;
import io.specialist.drift.repository.DomainStateEntity;
import io.specialist.drift.repository.DomainStateRepository;
import io.specialist.events.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps detector states and detections to their tables. The state is read at the start and written at
 * the end of every batch, inside the batch's transaction, so a restart or a rebalance (another replica
 * taking over a domain) continues from the last committed batch.
 */
@ApplicationScoped
public class StateStore {

    private static final ObjectMapper JSON = EventCodec.mapper();

    private final DomainStateRepository states;
    private final DetectionRepository detections;

    public StateStore(DomainStateRepository states, DetectionRepository detections) {
        this.states = states;
        this.detections = detections;
    }

    /** Must run in a transaction. */
    public Optional<DetectorState> load(String domain) {
        return states.findByIdOptional(domain).map(StateStore::toState);
    }

    /** Must run in a transaction. */
    public void save(DetectorState state, Instant now) {
        DomainStateEntity e = states.findById(state.domain());
        if (e == null) {
            e = new DomainStateEntity();
            e.domain = state.domain();
            fill(e, state, now);
            states.persist(e);
        } else {
            fill(e, state, now);
        }
    }

    /** Must run in a transaction. */
    public DetectionEntity record(Detection d) {
        DetectionEntity e = new DetectionEntity();
        e.domain = d.domain();
        e.modelVersion = d.modelVersion();
        e.reason = d.reason();
        e.statistic = d.statistic();
        e.threshold = d.threshold();
        e.windowDocIds = write(d.windowDocIds());
        e.signalsJson = write(d.signals());
        e.detectedAt = d.detectedAt();
        detections.persist(e);
        return e;
    }

    public static List<String> windowDocIds(DetectionEntity e) {
        return read(e.windowDocIds, new com.fasterxml.jackson.core.type.TypeReference<List<String>>() { });
    }

    public static Map<String, Double> signals(DetectionEntity e) {
        return read(e.signalsJson, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Double>>() { });
    }

    public static DetectorState toState(DomainStateEntity e) {
        return DetectorState.restore(e.domain, e.modelVersion, e.ownModel, Phase.valueOf(e.phase), e.statistic,
                nan(e.threshold), nan(e.allowance), e.documents, e.scored, e.trainDocuments, e.documentsSinceDetection,
                e.detections, e.lastDetectionAt, nan(e.lastDetectionStatistic), readWindow(e.windowJson));
    }

    private static void fill(DomainStateEntity e, DetectorState s, Instant now) {
        e.modelVersion = s.modelVersion();
        e.ownModel = s.ownModel();
        e.phase = s.phase().name();
        e.statistic = s.statistic();
        e.threshold = nullable(s.threshold());
        e.allowance = nullable(s.allowance());
        e.documents = s.documents();
        e.scored = s.scored();
        e.trainDocuments = s.trainDocuments();
        e.documentsSinceDetection = s.documentsSinceDetection();
        e.detections = s.detections();
        e.lastDetectionAt = s.lastDetectionAt();
        e.lastDetectionStatistic = nullable(s.lastDetectionStatistic());
        e.windowJson = writeWindow(s.window());
        e.updatedAt = now;
    }

    /** Window entries as compact arrays {@code [id, train, bpb, z, statistic, tokensPerByte, rarePairShare]}. */
    static String writeWindow(List<WindowEntry> window) {
        ArrayNode array = JSON.createArrayNode();
        for (WindowEntry w : window) {
            ArrayNode row = array.addArray();
            row.add(w.id());
            row.add(w.train());
            addNumber(row, w.bitsPerByte());
            addNumber(row, w.z());
            addNumber(row, w.statistic());
            addNumber(row, w.tokensPerByte());
            addNumber(row, w.rarePairShare());
        }
        return array.toString();
    }

    static List<WindowEntry> readWindow(String json) {
        List<WindowEntry> out = new ArrayList<>();
        try {
            for (JsonNode row : JSON.readTree(json)) {
                out.add(new WindowEntry(row.get(0).asText(), row.get(1).asBoolean(), number(row.get(2)),
                        number(row.get(3)), number(row.get(4)), number(row.get(5)), number(row.get(6))));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored detector window is not valid JSON: " + e.getMessage(), e);
        }
        return out;
    }

    private static void addNumber(ArrayNode row, double v) {
        if (Double.isFinite(v)) {
            row.add(v);
        } else {
            row.addNull();
        }
    }

    private static double number(JsonNode node) {
        return node == null || node.isNull() ? Double.NaN : node.asDouble();
    }

    private static double nan(Double v) {
        return v == null ? Double.NaN : v;
    }

    private static Double nullable(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(String json, com.fasterxml.jackson.core.type.TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored value is not valid JSON: " + e.getMessage(), e);
        }
    }
}
