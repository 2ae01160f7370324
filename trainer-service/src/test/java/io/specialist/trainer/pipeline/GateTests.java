package io.specialist.trainer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GateTests {

    private static final GateSettings DEFAULTS = new GateSettings(0.02, 0.02, 1, 50);

    @Test
    void acceptsWhenDomainImprovesEnoughAndGeneralHolds() {
        Gate.GateDecision d = Gate.decide(3.00, 2.70, 2.50, 2.52, DEFAULTS);
        assertThat(d.accepted()).isTrue();
        assertThat(d.domainGain()).isCloseTo(0.10, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(d.generalRegression()).isCloseTo(0.008, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(d.reason()).startsWith("accepted");
    }

    @Test
    void rejectsTooSmallDomainGainAndSaysBy() {
        Gate.GateDecision d = Gate.decide(3.00, 2.97, 2.50, 2.50, DEFAULTS);
        assertThat(d.accepted()).isFalse();
        assertThat(d.reason()).contains("gain 1.00%").contains("need >= 2.00%").doesNotContain("general");
    }

    @Test
    void rejectsForgettingEvenWithLargeDomainGain() {
        Gate.GateDecision d = Gate.decide(3.00, 2.00, 2.50, 2.60, DEFAULTS);
        assertThat(d.accepted()).isFalse();
        assertThat(d.reason()).contains("regression 4.00%").contains("allowed <= 2.00%");
    }

    @Test
    void exactThresholdsPass() {
        assertThat(Gate.decide(1.0, 0.98, 1.0, 1.02, DEFAULTS).accepted()).isTrue();
    }

    @Test
    void divergedCandidateIsRejected() {
        Gate.GateDecision d = Gate.decide(3.0, Double.NaN, 2.5, 2.5, DEFAULTS);
        assertThat(d.accepted()).isFalse();
        assertThat(d.reason()).contains("diverged");
    }
}
