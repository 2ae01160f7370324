package io.specialist.model.ort;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SamplerTest {

    static final float[] LOGITS = {0f, (float) Math.log(2), (float) Math.log(5), (float) Math.log(2), -50f};

    @Test
    void temperatureZeroIsArgmax() {
        assertThat(new Sampler(0, 1, 1).next(LOGITS, 0, LOGITS.length)).isEqualTo(2);
        float[] padded = new float[10];
        System.arraycopy(LOGITS, 0, padded, 5, 5);
        assertThat(new Sampler(0, 1, 1).next(padded, 5, 5)).isEqualTo(2);
    }

    @Test
    void samplesInProportionToTheProbabilities() {
        Sampler s = new Sampler(1, 1, 42);
        int[] counts = new int[LOGITS.length];
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            counts[s.next(LOGITS, 0, LOGITS.length)]++;
        }
        double[] expected = {0.1, 0.2, 0.5, 0.2, 0};
        for (int k = 0; k < counts.length; k++) {
            assertThat(counts[k] / (double) n).isCloseTo(expected[k], org.assertj.core.data.Offset.offset(0.01));
        }
    }

    @Test
    void topPKeepsTheSmallestSetReachingTheMass() {
        // p = 0.5, 0.2, 0.2, 0.1: top-p 0.6 keeps {2, 1} (ties by id), never 0, 3 or 4.
        Sampler s = new Sampler(1, 0.6, 7);
        int[] counts = new int[LOGITS.length];
        for (int i = 0; i < 20_000; i++) {
            counts[s.next(LOGITS, 0, LOGITS.length)]++;
        }
        assertThat(counts[0]).isZero();
        assertThat(counts[3]).isZero();
        assertThat(counts[4]).isZero();
        assertThat(counts[2] / 20_000.0).isCloseTo(5 / 7.0, org.assertj.core.data.Offset.offset(0.02));
        // A tiny top-p is greedy.
        assertThat(new Sampler(1, 1e-9, 3).next(LOGITS, 0, LOGITS.length)).isEqualTo(2);
    }

    @Test
    void sameSeedSameDraws() {
        Sampler a = new Sampler(0.7, 0.9, 99), b = new Sampler(0.7, 0.9, 99);
        for (int i = 0; i < 100; i++) {
            assertThat(a.next(LOGITS, 0, LOGITS.length)).isEqualTo(b.next(LOGITS, 0, LOGITS.length));
        }
    }
}
