package io.specialist.drift.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The detector on synthetic score streams with known change points. */
class DriftDetectorTest {

    private static final double MEAN = 2.5;
    private static final double STD = 0.3;
    private static ReferenceProfile reference;

    private final DriftDetector detector = new DriftDetector(new DetectorSettings(50, Duration.ofMinutes(5), 100, 100));
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    @BeforeAll
    static void calibrate() {
        // Target 10k documents per false alarm with the service's default safety factor of 2.
        Calibration c = ThresholdCalibrator.calibrate(new NormalSampler(4), 0.5, 4, 20_000, 2_000_000, 42);
        reference = new ReferenceProfile("legal@1", ReferenceProfile.SOURCE_PUBLISHED, 500, MEAN, STD, 0.5, 0.2, c);
    }

    private ModelContext legal1() {
        return new ModelContext("legal@1", true, reference);
    }

    private static ScoredDocument doc(int i, double bpb) {
        return new ScoredDocument("d" + i, true, bpb, 0.5, 0.2);
    }

    /** Feeds `n` documents of N(mean, STD); returns the indexes (from `start`) at which it fired. */
    private List<Integer> feed(DetectorState state, ModelContext model, SplittableRandom random, int start, int n,
            double mean, Duration spacing) {
        List<Integer> fired = new ArrayList<>();
        for (int i = start; i < start + n; i++) {
            double bpb = mean + STD * SmoothedBootstrapSampler.gaussian(random);
            if (detector.observe(state, model, doc(i, bpb), t0.plus(spacing.multipliedBy(i))) != null) {
                fired.add(i);
            }
        }
        return fired;
    }

    @Test
    void inDistributionStreamRarelyFires() {
        DetectorState state = detector.fresh("legal", legal1());
        // Spacing larger than the cooldown, so every alarm counts; 200k documents ~ 10 alarms expected at ARL 20k.
        List<Integer> alarms = feed(state, legal1(), new SplittableRandom(1), 0, 200_000, MEAN, Duration.ofMinutes(10));
        assertThat(alarms.size()).isBetween(2, 25);
        assertThat(state.scored()).isEqualTo(200_000);
    }

    @Test
    void shiftIsDetectedSoonAfterTheChangePoint() {
        DetectorState state = detector.fresh("legal", legal1());
        SplittableRandom random = new SplittableRandom(2);
        assertThat(feed(state, legal1(), random, 0, 1000, MEAN, Duration.ofSeconds(1))).isEmpty();
        // One standard deviation more surprise from document 1000 on.
        List<Integer> alarms = feed(state, legal1(), random, 1000, 200, MEAN + STD, Duration.ofSeconds(1));
        assertThat(alarms).isNotEmpty();
        assertThat(alarms.get(0) - 1000).isLessThan(60);
        // A large shift (3 sd, e.g. code instead of prose) is caught within a handful of documents.
        DetectorState other = detector.fresh("legal", legal1());
        feed(other, legal1(), random, 0, 500, MEAN, Duration.ofSeconds(1));
        List<Integer> big = feed(other, legal1(), random, 500, 100, MEAN + 3 * STD, Duration.ofSeconds(1));
        assertThat(big.get(0) - 500).isLessThan(8);
    }

    @Test
    void detectionCarriesTheRunSinceTheChangePointAndSignals() {
        DetectorState state = detector.fresh("legal", legal1());
        for (int i = 0; i < 5; i++) {
            detector.observe(state, legal1(), doc(i, MEAN - STD), t0); // statistic stays at 0
        }
        Detection d = null;
        int i = 5;
        while (d == null) {
            d = detector.observe(state, legal1(), doc(i, MEAN + 4 * STD), t0.plusSeconds(i));
            i++;
        }
        assertThat(d.reason()).isEqualTo(Detection.REASON_CUSUM);
        assertThat(d.modelVersion()).isEqualTo("legal@1");
        assertThat(d.statistic()).isGreaterThan(d.threshold());
        assertThat(d.threshold()).isEqualTo(reference.calibration().threshold());
        assertThat(d.windowDocIds()).first().isEqualTo("d5");
        assertThat(d.windowDocIds()).last().isEqualTo("d" + (i - 1));
        assertThat(d.signals()).containsEntry("referenceBitsPerByteMean", MEAN)
                .containsKeys("bitsPerByteMean", "zMean", "tokensPerByteMean", "rarePairShareMean");
        assertThat(d.signals().get("zMean")).isEqualTo(4.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(state.phase()).isEqualTo(Phase.COOLDOWN);
        assertThat(state.statistic()).isZero();
    }

    @Test
    void firesOncePerChangeThenCoolsDownByTimeAndDocuments() {
        DetectorState state = detector.fresh("legal", legal1());
        List<Integer> alarms = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            // Persistent drift, one document per second: the cooldown (5 min, 100 docs) limits re-firing.
            if (detector.observe(state, legal1(), doc(i, MEAN + 3 * STD), t0.plusSeconds(i)) != null) {
                alarms.add(i);
            }
        }
        assertThat(alarms).hasSize(2);
        // The second alarm comes only after the 5 minute cooldown (300 documents here) has passed.
        assertThat(alarms.get(1) - alarms.get(0)).isGreaterThanOrEqualTo(300);
        assertThat(state.detections()).isEqualTo(2);
    }

    @Test
    void newModelResetsTheDetector() {
        DetectorState state = detector.fresh("legal", legal1());
        feed(state, legal1(), new SplittableRandom(4), 0, 4, MEAN + 2 * STD, Duration.ofSeconds(1));
        assertThat(state.statistic()).isPositive();
        ModelContext legal2 = new ModelContext("legal@2", true, reference);
        assertThat(DriftDetector.isNewModel(state, legal2)).isTrue();
        assertThat(DriftDetector.isNewModel(state, legal1())).isFalse();
        DetectorState fresh = detector.fresh("legal", legal2);
        assertThat(fresh.statistic()).isZero();
        assertThat(fresh.documents()).isZero();
        assertThat(fresh.modelVersion()).isEqualTo("legal@2");
        assertThat(fresh.phase()).isEqualTo(Phase.MONITORING);
        // The base model never replaces an own model (it may just not be loaded yet after a restart).
        assertThat(DriftDetector.isNewModel(state, new ModelContext("general@1", false, null))).isFalse();
    }

    @Test
    void ownModelNotLoadedYetLeavesTheStatisticAlone() {
        DetectorState state = detector.fresh("legal", legal1());
        feed(state, legal1(), new SplittableRandom(5), 0, 10, MEAN + 2 * STD, Duration.ofSeconds(1));
        double before = state.statistic();
        ModelContext base = new ModelContext("general@1", false, null);
        assertThat(detector.observe(state, base, doc(10, 9.0), t0)).isNull();
        assertThat(state.statistic()).isEqualTo(before);
        assertThat(state.documents()).isEqualTo(11);
        assertThat(state.scored()).isEqualTo(10);
    }

    @Test
    void domainWithoutOwnModelFiresAtMinDocumentsTrainingDocuments() {
        ModelContext base = new ModelContext("general@1", false, null);
        DetectorState state = detector.fresh("legal", base);
        assertThat(state.phase()).isEqualTo(Phase.COLLECTING);
        List<Detection> detections = new ArrayList<>();
        int train = 0;
        for (int i = 0; i < 400 && detections.isEmpty(); i++) {
            boolean isTrain = i % 5 != 0; // every fifth is held out and does not count
            train += isTrain ? 1 : 0;
            Detection d = detector.observe(state, base, new ScoredDocument("d" + i, isTrain, 4.0, 0.6, 0.3), t0.plusSeconds(i));
            if (d != null) {
                detections.add(d);
            }
        }
        assertThat(train).isEqualTo(50);
        Detection d = detections.get(0);
        assertThat(d.reason()).isEqualTo(Detection.REASON_NEW_DOMAIN);
        assertThat(d.modelVersion()).isNull();
        assertThat(d.statistic()).isEqualTo(50);
        assertThat(d.threshold()).isEqualTo(50);
        assertThat(d.windowDocIds()).hasSize(50).doesNotContain("d0", "d5");
        assertThat(d.signals()).containsEntry("bitsPerByteMean", 4.0);
        // Not again during the cooldown, but again after it and another 50 training documents.
        Instant later = t0.plus(Duration.ofMinutes(6));
        int fired = 0;
        for (int i = 0; i < 120; i++) {
            if (detector.observe(state, base, new ScoredDocument("e" + i, true, 4.0, 0.6, 0.3), later.plusSeconds(i)) != null) {
                fired++;
            }
        }
        assertThat(fired).isEqualTo(1);
    }

    @Test
    void withoutReferenceNothingFires() {
        ModelContext noRef = new ModelContext("legal@1", true, null);
        DetectorState state = detector.fresh("legal", noRef);
        assertThat(state.phase()).isEqualTo(Phase.NO_REFERENCE);
        List<Integer> alarms = feed(state, noRef, new SplittableRandom(6), 0, 500, MEAN + 5 * STD, Duration.ofSeconds(1));
        assertThat(alarms).isEmpty();
        assertThat(state.scored()).isEqualTo(500);
    }
}
