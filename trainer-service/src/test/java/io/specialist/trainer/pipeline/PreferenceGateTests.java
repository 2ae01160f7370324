package io.specialist.trainer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PreferenceGateTests {

    @Test
    void acceptsAGainWithinBothForgettingBudgets() {
        PreferenceGate.Decision d = PreferenceGate.decide(0.5, 0.8, 0.05, 3.0, 3.03, 2.0, 2.02, 0.02);
        assertThat(d.accepted()).as(d.reason()).isTrue();
        assertThat(d.accuracyGain()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(d.reason()).startsWith("accepted").contains("0.500 -> 0.800");
    }

    @Test
    void rejectsWhenPairAccuracyDoesNotImproveEnoughOrDrops() {
        PreferenceGate.Decision same = PreferenceGate.decide(0.7, 0.7, 0.05, 3.0, 3.0, 2.0, 2.0, 0.02);
        assertThat(same.accepted()).isFalse();
        assertThat(same.reason()).contains("held-out pair accuracy 0.700 -> 0.700").contains("need >= 0.050");
        PreferenceGate.Decision small = PreferenceGate.decide(0.7, 0.74, 0.05, 3.0, 3.0, 2.0, 2.0, 0.02);
        assertThat(small.accepted()).isFalse();
        // a zero minimum still refuses a candidate below the parent
        assertThat(PreferenceGate.decide(0.7, 0.6, 0.0, 3.0, 3.0, 2.0, 2.0, 0.02).accepted()).isFalse();
        assertThat(PreferenceGate.decide(0.7, 0.7, 0.0, 3.0, 3.0, 2.0, 2.0, 0.02).accepted()).isTrue();
    }

    @Test
    void rejectsGeneralOrDomainForgettingBeyondTheBudget() {
        PreferenceGate.Decision general = PreferenceGate.decide(0.5, 0.9, 0.05, 3.0, 3.0, 2.0, 2.1, 0.02);
        assertThat(general.accepted()).isFalse();
        assertThat(general.reason()).contains("general bits/byte").doesNotContain("held-out pair accuracy");
        PreferenceGate.Decision domain = PreferenceGate.decide(0.5, 0.9, 0.05, 3.0, 3.2, 2.0, 2.0, 0.02);
        assertThat(domain.accepted()).isFalse();
        assertThat(domain.reason()).contains("domain bits/byte 3.0000 -> 3.2000");
        PreferenceGate.Decision noDocs = PreferenceGate.decide(0.5, 0.9, 0.05, Double.NaN, Double.NaN, 2.0, 2.0, 0.02);
        assertThat(noDocs.accepted()).isTrue();
        assertThat(noDocs.domainRegression()).isNaN();
        assertThat(noDocs.reason()).contains("not judged");
        assertThat(PreferenceGate.decide(0.5, 0.9, 0.05, 3.0, Double.NaN, 2.0, 2.0, 0.02).accepted()).isFalse();
    }
}
